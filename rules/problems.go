package rules

import (
	"path/filepath"
	"strings"

	"github.com/qianshou/qianshou/internal/result"
	"github.com/qianshou/qianshou/internal/schema"
	"github.com/qianshou/qianshou/internal/workbook"
)

// sideSheets are the province sheets whose absence the engine judges by the workbook's side;
// the reader's own missing-sheet problems for them are replaced.
var sideSheets = map[string]string{"pairings": "", "workers": "dispatch", "funds": "dispatch", "trainees": "recipient"}

type problem struct {
	p    workbook.Problem
	book *workbook.Workbook
}

// problems lists the reader's problems of every workbook, with missing-sheet decided by side:
// 结对关系 always; 援派人员 and 资金 when the workbook dispatches; 受援人员 when it receives.
func (d *dataset) problems() []problem {
	var out []problem
	sc := schema.Default()
	for _, b := range d.books {
		for _, p := range b.Problems {
			if p.Code == "missing-sheet" && b.Kind != "allocation" && isSideSheet(sc, p) {
				continue
			}
			if p.Loc.File == "" {
				p.Loc.File = b.Path
			}
			if d.otherYear[workbook.Location{File: b.Path, Sheet: p.Loc.Sheet, Row: p.Loc.Row}] {
				continue // a row of a year --year left out
			}
			out = append(out, problem{p, b})
		}
		// a CSV holds one table: it is never short of sheets
		if b.Unreadable || b.Kind == "allocation" || strings.EqualFold(filepath.Ext(b.Path), ".csv") {
			continue
		}
		side := d.facts[b.Path].Side
		for _, key := range []string{"pairings", "workers", "trainees", "funds"} {
			need := sideSheets[key]
			required := need == "" || side == "both" || side == need
			if _, has := b.Tables[key]; has || !required {
				continue
			}
			sh := sc.Sheet(key)
			out = append(out, problem{workbook.Problem{
				Code: "missing-sheet", Loc: workbook.Location{File: b.Path}, Field: key, Header: sh.Name,
				Detail: map[string]string{"sheet": sh.Name, "found": strings.Join(b.Sheets, "、")},
			}, b})
		}
	}
	return out
}

func isSideSheet(sc *schema.Schema, p workbook.Problem) bool {
	for key := range sideSheets {
		sh := sc.Sheet(key)
		for _, s := range []string{p.Field, p.Header, p.Detail["sheet"]} {
			if s != "" && (s == key || s == sh.Name) {
				return true
			}
		}
	}
	return false
}

// runProblems reports each reader problem of the part's code.
func (c *checker) runProblems(p *part, problems []problem) {
	lang := c.opt.Lang
	for _, pr := range problems {
		if pr.p.Code != p.code {
			continue
		}
		c.ran++
		loc := pr.p.Loc
		detail := map[string]any{}
		for k, v := range pr.p.Detail {
			detail[k] = v
		}
		raw := c.mask(pr.p.Field, pr.p.Raw)
		sheetName := pr.p.Detail["sheet"]
		if sheetName == "" {
			sheetName = pr.p.Header
		}
		r := newRow(c.rs.layouts[problemView.name])
		for k, v := range map[string]any{"file": base(loc.File), "sheet": loc.Sheet, "row": loc.Row, "field": pr.p.Field,
			"detail": detail, "sheet_name": sheetName} {
			r.set(k, v)
		}
		env := c.env
		env.clear(r)
		env.scratch[symColumn], env.scratch[symCell], env.scratch[symHeader], env.scratch[symValue] = loc.Col, loc.Cell(), pr.p.Header, raw
		vl := result.Violation{Rule: c.rule.ID, Severity: c.rule.Severity, Title: c.rule.Title(lang), PolicyRef: c.rule.PolicyRef,
			File: loc.File, Sheet: loc.Sheet, Row: loc.Row, Column: loc.Col, Cell: loc.Cell(), Value: raw}
		vl.Message = p.message[langIndex(lang)].render(&c.vm, env, lang)
		key := c.problemKey(pr)
		vl.Fingerprint = fingerprint(c.rule.ID, loc.File, loc.Sheet, key[0], key[1:])
		c.out = append(c.out, vl)
	}
}

// problemKey identifies a problem for fingerprints: its field and header, and the key fields of the
// record it lies in (found by row), never the row number itself.
func (c *checker) problemKey(pr problem) []string {
	key := []string{pr.p.Field, pr.p.Header, pr.p.Detail["sheet"]}
	if pr.p.Loc.Row == 0 {
		return key
	}
	if c.recIndex == nil {
		c.recIndex = map[recKey]recRef{}
		for _, b := range c.d.books {
			for _, tk := range sortedKeys(b.Tables) {
				t := b.Tables[tk]
				for i := range t.Len() {
					sheet, row := t.Where(i)
					c.recIndex[recKey{b, sheet, row}] = recRef{t, i}
				}
			}
		}
	}
	if rr, ok := c.recIndex[recKey{pr.book, pr.p.Loc.Sheet, pr.p.Loc.Row}]; ok {
		for _, k := range viewByName(rr.t.Sheet.Key).key {
			v := rr.t.Get(rr.i, k)
			key = append(key, display(v.Typed, "en")+"\x1f"+v.Raw)
		}
		return key
	}
	return append(key, pr.p.Raw)
}

type recKey struct {
	book  *workbook.Workbook
	sheet string
	row   int
}

type recRef struct {
	t *workbook.Table
	i int // the record's index
}
