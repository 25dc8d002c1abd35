package workbook

import (
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/parse"
	"github.com/qianshou/qianshou/internal/schema"
)

// labelNames maps each normalised label name and alias of the 基本信息 form to its label.
func (r *reader) labelNames() map[string]*schema.Label {
	if r.labels != nil {
		return r.labels
	}
	m := map[string]*schema.Label{}
	for i := range r.opt.Schema.Info.Labels {
		l := &r.opt.Schema.Info.Labels[i]
		for _, n := range append([]string{l.Label}, l.Aliases...) {
			m[parse.Header(n)] = l
		}
	}
	r.labels = m
	return m
}

type labelHit struct {
	label      *schema.Label
	start, end int // the label text and its colon; the value follows end
}

// findLabels finds every `label:` in a folded text, in order.
func findLabels(text string, names map[string]*schema.Label) []labelHit {
	var hits []labelHit
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], ':')
		if j < 0 {
			break
		}
		colon := i + j
		before := strings.TrimRight(text[:colon], " ")
		// The longest known name that ends right before the colon.
		var best *schema.Label
		bestStart := -1
		for n, l := range names {
			if start := len(before) - len(n); strings.HasSuffix(before, n) && (best == nil || start < bestStart) {
				best, bestStart = l, start
			}
		}
		if best != nil {
			hits = append(hits, labelHit{label: best, start: bestStart, end: colon + 1})
		}
		i = colon + 1
	}
	return hits
}

// labelLine reads `label:value` pairs from a row above a header or below a footer
// (填报单位(盖章):甘肃省民政厅　　报送日期:2022年1月20日). The first occurrence of a label wins.
func (r *reader) labelLine(sheet string, row int, cells []string) {
	for _, iv := range r.rowLabels(sheet, row, cells) {
		if r.lines == nil {
			r.lines = map[string]InfoValue{}
		}
		if _, seen := r.lines[iv.key]; !seen {
			r.lines[iv.key] = iv.InfoValue
		}
	}
}

type keyedInfo struct {
	key string
	InfoValue
}

// rowLabels finds the `label:value` pairs of one row. A label whose value is empty takes the next
// non-empty cell of the row.
func (r *reader) rowLabels(sheet string, row int, cells []string) []keyedInfo {
	names := r.labelNames()
	var out []keyedInfo
	for c := 0; c < len(cells); c++ {
		if c > 0 && cells[c] == cells[c-1] {
			continue // the copies of a merged cell
		}
		text := parse.Fold(cells[c])
		hits := findLabels(text, names)
		for k, h := range hits {
			end := len(text)
			if k+1 < len(hits) {
				end = hits[k+1].start
			}
			value, valueCol := strings.TrimSpace(text[h.end:end]), c
			if value == "" && k == len(hits)-1 {
				for n := c + 1; n < len(cells); n++ {
					if v := parse.Fold(cells[n]); v != "" && v != text {
						if len(findLabels(v, names)) == 0 {
							value, valueCol = v, n
						}
						break
					}
				}
			}
			if value != "" {
				out = append(out, keyedInfo{h.label.Key, r.infoValue(h.label, sheet, row, valueCol, value)})
			}
		}
	}
	return out
}

// readForm reads the 基本信息 sheet: a label in one cell and its value in the next non-empty cell
// to the right, or `label:value` in one cell. The first occurrence of a label wins.
func (r *reader) readForm(src rowSource, sheet string) error {
	names := r.labelNames()
	set := func(key string, iv InfoValue) {
		if _, seen := r.wb.Info[key]; !seen {
			r.wb.Info[key] = iv
		}
	}
	for src.Next() {
		cells := src.Cells()
		for c := 0; c < len(cells); c++ {
			if strings.TrimSpace(cells[c]) == "" {
				continue
			}
			if l := names[parse.Header(cells[c])]; l != nil {
				for n := c + 1; n < len(cells); n++ {
					if v := strings.TrimSpace(cells[n]); v != "" && v != strings.TrimSpace(cells[c]) {
						set(l.Key, r.infoValue(l, sheet, src.Row(), n, cells[n]))
						break
					}
				}
			}
			break
		}
		for _, iv := range r.rowLabels(sheet, src.Row(), cells) {
			set(iv.key, iv.InfoValue)
		}
	}
	return src.Err()
}

func (r *reader) infoValue(l *schema.Label, sheet string, row, col int, raw string) InfoValue {
	letter, _ := excelize.ColumnNumberToName(col + 1)
	v, _ := convert(&schema.Field{Key: l.Key, Header: l.Label, Type: l.Type}, raw, 0, r.date1904)
	v.Col = letter
	return InfoValue{Value: v, Loc: r.loc(sheet, row, letter)}
}

// finishInfo merges the label lines under the form's values and reports the values that do not
// parse, once each, at the cell that won.
func (r *reader) finishInfo() {
	for k, v := range r.lines {
		if _, ok := r.wb.Info[k]; !ok {
			r.wb.Info[k] = v
		}
	}
	keys := make([]string, 0, len(r.wb.Info))
	for k := range r.wb.Info {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		iv := r.wb.Info[k]
		if iv.Value.Status != Invalid {
			continue
		}
		for _, l := range r.opt.Schema.Info.Labels {
			if l.Key == k {
				d := map[string]string{"example": examples[l.Type], "type": string(l.Type)}
				if n, ok := typeNames[l.Type]; ok {
					d["type_name"], d["type_name_en"] = n[0], n[1]
				}
				r.problem(Problem{Code: "invalid-value", Loc: iv.Loc, Field: k, Header: l.Label, Raw: iv.Value.Raw, Detail: d})
			}
		}
	}
}
