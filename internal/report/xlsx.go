package report

import (
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/result"
)

func init() { Register("xlsx", writeXLSX) }

// Words of the summary workbook and the HTML report (the shared ones live in labels.go).
var (
	phraseReportTitle   = phrase{"牵手计划检查报告", "Qianshou check report"}
	phraseSheetSummary  = phrase{"汇总", "Summary"}
	phraseSheetCoverage = phrase{"覆盖情况", "Coverage"}
	phraseSheetRules    = phrase{"规则", "Rules"}
	phraseByFile        = phrase{"按文件", "By file"}
	phraseByProvince    = phrase{"按省份", "By province"}
	phraseProvince      = phrase{"省份", "Province"}
	phraseRecipient     = phrase{"受援省份", "Recipient province"}
	phraseYear          = phrase{"年度", "Year"}
	phraseKeyCounties   = phrase{"重点县", "Key counties"}
	phrasePaired        = phrase{"已结对", "Paired"}
	phraseMissing       = phrase{"未结对", "Missing"}
	phraseMissingNames  = phrase{"未结对的县", "Counties not paired"}
	phraseCoverageRate  = phrase{"覆盖率", "Coverage"}
	phraseResult        = phrase{"结果", "Result"}
	phraseUnknown       = phrase{"（未识别）", "(unknown)"}
	phraseValue         = phrase{"单元格的值", "Cell value"}
	phrasePolicyRef     = phrase{"政策条款", "Policy ref"}
	phraseWaiver        = phrase{"豁免", "Waiver"}
	phraseEvidenceCol   = phrase{"证据", "Evidence"}
	phraseSheet         = phrase{"工作表", "Sheet"}
	phraseViolationsN   = phrase{"问题数", "Violations"}
	phraseTool          = phrase{"工具", "Tool"}
	phraseRuleSet       = phrase{"规则集", "Rule set"}
	phraseAsOf          = phrase{"判断基准日", "As of"}
	phraseUnreadable    = phrase{"无法读取", "unreadable"}
	phraseYes           = phrase{"是", "yes"}
)

// fixedDocTime replaces the creation time excelize would write, so one Result gives one workbook.
const fixedDocTime = "2000-01-01T00:00:00Z"

// writeXLSX writes the summary workbook: 汇总 (per file and per province), 问题清单 (every
// violation, filterable), 覆盖情况 (key-county coverage) and 规则 (rule status). Every text from the
// Result is written as a string cell, so a submitter's "=HYPERLINK(…)" never becomes a formula.
func writeXLSX(w io.Writer, r *result.Result, opt Options) error {
	x, err := newXLSXBook(opt.Lang)
	if err != nil {
		return err
	}
	defer x.f.Close()
	for _, step := range []func(*result.Result) error{x.summary, x.violations, x.coverage, x.rules} {
		if err := step(r); err != nil {
			return err
		}
	}
	for _, sheet := range x.f.GetSheetList() {
		if err := x.printLandscapeOnePageWide(sheet); err != nil {
			return err
		}
	}
	x.f.SetActiveSheet(0)
	return x.f.Write(w)
}

// printLandscapeOnePageWide makes a printout (or a PDF) show all columns of the sheet side by
// side. Set last: AutoFilter replaces the sheet's properties.
func (x *xlsxBook) printLandscapeOnePageWide(sheet string) error {
	landscape, one, unlimited, on := "landscape", 1, 0, true
	if err := x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &on}); err != nil {
		return err
	}
	return x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &unlimited})
}

// xlsxBook is the summary workbook being written, with its few shared styles.
type xlsxBook struct {
	f                   *excelize.File
	lang                string
	bold, header, wrap  int
	pass, fail, percent int
}

func newXLSXBook(lang string) (*xlsxBook, error) {
	f := excelize.NewFile()
	x := &xlsxBook{f: f, lang: lang}
	err := f.SetDocProps(&excelize.DocProperties{
		Creator: "qianshou", LastModifiedBy: "qianshou", Title: phraseReportTitle.in(lang),
		Created: fixedDocTime, Modified: fixedDocTime, Language: map[bool]string{true: "en", false: "zh-CN"}[lang == "en"],
	})
	styles := []struct {
		id    *int
		style excelize.Style
	}{
		{&x.bold, excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}},
		{&x.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}}}},
		{&x.wrap, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&x.pass, excelize.Style{Font: &excelize.Font{Bold: true, Color: "1E7B34"}}},
		{&x.fail, excelize.Style{Font: &excelize.Font{Bold: true, Color: "C0392B"}}},
		{&x.percent, excelize.Style{NumFmt: 10}},
	}
	for _, s := range styles {
		if err != nil {
			break
		}
		*s.id, err = f.NewStyle(&s.style)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return x, nil
}

// sheet creates a sheet (renaming the default first one) and sets its column widths.
func (x *xlsxBook) sheet(name string, widths ...float64) error {
	var err error
	if x.f.SheetCount == 1 && x.f.GetSheetName(0) == "Sheet1" {
		err = x.f.SetSheetName("Sheet1", name)
	} else {
		_, err = x.f.NewSheet(name)
	}
	for i := 0; err == nil && i < len(widths); i++ {
		col, _ := excelize.ColumnNumberToName(i + 1)
		err = x.f.SetColWidth(name, col, col, widths[i])
	}
	return err
}

// row writes one row of cells from column A: strings as string cells, ints as numbers.
func (x *xlsxBook) row(sheet string, row int, cells ...any) error {
	for i, c := range cells {
		at, _ := excelize.CoordinatesToCellName(i+1, row)
		var err error
		switch c := c.(type) {
		case string:
			err = x.f.SetCellStr(sheet, at, c)
		case int:
			err = x.f.SetCellInt(sheet, at, int64(c))
		case float64:
			err = x.f.SetCellFloat(sheet, at, c, -1, 64)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// headerRow writes a grey, bold header at row.
func (x *xlsxBook) headerRow(sheet string, row int, names ...phrase) error {
	cells := make([]any, len(names))
	for i, n := range names {
		cells[i] = n.in(x.lang)
	}
	if err := x.row(sheet, row, cells...); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(names), row)
	return x.f.SetCellStyle(sheet, "A"+strconv.Itoa(row), last, x.header)
}

// table finishes a list that starts with a header on row 1: header frozen, autofilter on.
func (x *xlsxBook) table(sheet string, cols, rows int) error {
	if err := x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(cols, rows+1)
	return x.f.AutoFilter(sheet, "A1:"+last, nil)
}

func (x *xlsxBook) verdictCell(sheet string, col, row int, passed bool) error {
	at, _ := excelize.CoordinatesToCellName(col, row)
	style := x.fail
	if passed {
		style = x.pass
	}
	if err := x.f.SetCellStr(sheet, at, verdict(x.lang, passed)); err != nil {
		return err
	}
	return x.f.SetCellStyle(sheet, at, at, style)
}

// summary writes 汇总: the run's figures, then a table per file and a table per province.
func (x *xlsxBook) summary(r *result.Result) error {
	name, lang := phraseSheetSummary.in(x.lang), x.lang
	if err := x.sheet(name, 44, 14, 12, 10, 10, 10, 10, 10); err != nil {
		return err
	}
	if err := x.row(name, 1, phraseReportTitle.in(lang)); err != nil {
		return err
	}
	if err := x.f.SetCellStyle(name, "A1", "A1", x.bold); err != nil {
		return err
	}
	s := r.Summary
	facts := [][]any{
		{phraseTool.in(lang), r.Tool + " " + r.Version},
		{phraseRuleSet.in(lang), r.Rules.Name},
		{phraseAsOf.in(lang), r.AsOf},
		{phraseFiles.in(lang), s.Files},
		{phraseRowsRead.in(lang), s.Rows},
		{phraseErrors.in(lang), s.Errors},
		{phraseWarnings.in(lang), s.Warnings},
		{phraseInfos.in(lang), s.Infos},
		{phraseWaived.in(lang), s.Waived},
	}
	row := 2
	for _, f := range facts {
		if err := x.row(name, row, f...); err != nil {
			return err
		}
		row++
	}
	if err := x.row(name, row, phraseResult.in(lang)); err != nil {
		return err
	}
	if err := x.verdictCell(name, 2, row, s.Passed); err != nil {
		return err
	}

	counts := tallyResult(r, lang)
	row += 2
	for _, section := range []struct {
		title, first, second phrase
		rows                 []tally
	}{
		{phraseByFile, phraseFile, phraseProvince, counts.files},
		{phraseByProvince, phraseProvince, phraseFiles, counts.provinces},
	} {
		if err := x.row(name, row, section.title.in(lang)); err != nil {
			return err
		}
		if err := x.f.SetCellStyle(name, "A"+strconv.Itoa(row), "A"+strconv.Itoa(row), x.bold); err != nil {
			return err
		}
		row++
		if err := x.headerRow(name, row, section.first, section.second, phraseRowsRead,
			phraseErrors, phraseWarnings, phraseInfos, phraseWaived, phraseResult); err != nil {
			return err
		}
		for _, t := range section.rows {
			row++
			if err := x.row(name, row, t.name, t.second, t.rows, t.errors, t.warnings, t.infos, t.waived); err != nil {
				return err
			}
			if err := x.verdictCell(name, 8, row, t.passed); err != nil {
				return err
			}
		}
		row += 2
	}
	return nil
}

// violations writes 问题清单: every violation, one per row, filterable.
func (x *xlsxBook) violations(r *result.Result) error {
	name, lang := phraseViolations.in(x.lang), x.lang
	if err := x.sheet(name, 8, 22, 26, 26, 12, 10, 20, 48, 26, 10, 24, 8); err != nil {
		return err
	}
	cols := []phrase{phraseSeverity, phraseRule, phraseTitle, phraseFile, phraseSheet, phraseLocation,
		phraseValue, phraseMessage, phraseEvidenceCol, phrasePolicyRef, phraseWaiver, phraseNew}
	if err := x.headerRow(name, 1, cols...); err != nil {
		return err
	}
	for i, v := range r.Violations {
		isNew := ""
		if v.New != nil && *v.New {
			isNew = phraseYes.in(lang)
		}
		row := i + 2
		if err := x.row(name, row, severityName(lang, v.Severity), v.Rule, v.Title, v.File, v.Sheet, cellOrRow(lang, v),
			v.Value, v.Message, evidence(lang, v), v.PolicyRef, waiverNote(lang, v), isNew); err != nil {
			return err
		}
		if err := x.f.SetCellStyle(name, "H"+strconv.Itoa(row), "I"+strconv.Itoa(row), x.wrap); err != nil {
			return err
		}
	}
	return x.table(name, len(cols), len(r.Violations))
}

// coverage writes 覆盖情况: per recipient province and year, the key counties and those not paired.
func (x *xlsxBook) coverage(r *result.Result) error {
	name := phraseSheetCoverage.in(x.lang)
	if err := x.sheet(name, 16, 8, 10, 10, 10, 10, 60); err != nil {
		return err
	}
	cols := []phrase{phraseRecipient, phraseYear, phraseKeyCounties, phrasePaired, phraseMissing, phraseCoverageRate, phraseMissingNames}
	if err := x.headerRow(name, 1, cols...); err != nil {
		return err
	}
	for i, c := range r.Coverage {
		row := i + 2
		if err := x.row(name, row, c.Province, c.Year, c.Counties, c.Paired, c.Counties-c.Paired,
			coverageRate(c), strings.Join(c.Missing, phrase{"、", ", "}.in(x.lang))); err != nil {
			return err
		}
		if err := x.f.SetCellStyle(name, "F"+strconv.Itoa(row), "F"+strconv.Itoa(row), x.percent); err != nil {
			return err
		}
	}
	return x.table(name, len(cols), len(r.Coverage))
}

// rules writes 规则: what became of every rule.
func (x *xlsxBook) rules(r *result.Result) error {
	name, lang := phraseSheetRules.in(x.lang), x.lang
	if err := x.sheet(name, 26, 8, 36, 10, 36, 10, 10); err != nil {
		return err
	}
	cols := []phrase{phraseRule, phraseSeverity, phraseTitle, phrasePolicyRef, phraseStatus, phraseViolationsN, phraseWaived}
	if err := x.headerRow(name, 1, cols...); err != nil {
		return err
	}
	for i, rs := range r.RuleStatus {
		if err := x.row(name, i+2, rs.Rule, severityName(lang, rs.Severity), rs.Title, rs.PolicyRef,
			statusName(lang, rs), rs.Violations, rs.Waived); err != nil {
			return err
		}
	}
	return x.table(name, len(cols), len(r.RuleStatus))
}

// coverageRate is the share of key counties paired (0 when the province has none listed).
func coverageRate(c result.Coverage) float64 {
	if c.Counties <= 0 {
		return 0
	}
	return float64(c.Paired) / float64(c.Counties)
}

// tally counts the violations of one file or one province.
type tally struct {
	name string
	// second is the file's province, or the province's number of files.
	second                                any
	rows, errors, warnings, infos, waived int
	passed                                bool
	worst                                 int // highest rank of a violation not waived
}

func (t *tally) count(v *result.Violation) {
	if v.Waived != nil {
		t.waived++
		return
	}
	switch v.Severity {
	case result.Error:
		t.errors++
	case result.Warning:
		t.warnings++
	case result.Info:
		t.infos++
	}
	t.worst = max(t.worst, v.Severity.Rank())
}

// tallies are the per-file (in input order) and per-province (sorted, unknown last) counts.
type tallies struct{ files, provinces []tally }

// tallyResult counts violations per file and per province. A violation about no file (a county
// with no pairing) counts for the province in its context.
func tallyResult(r *result.Result, lang string) tallies {
	unknown := phraseUnknown.in(lang)
	files := make([]tally, len(r.Inputs))
	fileAt := map[string]int{}
	provinceOf := func(p string) string {
		if p == "" {
			return unknown
		}
		return p
	}
	byProvince := map[string]*tally{}
	province := func(name string) *tally {
		if byProvince[name] == nil {
			byProvince[name] = &tally{name: name, second: 0}
		}
		return byProvince[name]
	}
	for i, in := range r.Inputs {
		files[i] = tally{name: in.File, second: provinceOf(in.Province)}
		for _, n := range in.Sheets {
			files[i].rows += n
		}
		fileAt[in.File] = i
		p := province(provinceOf(in.Province))
		p.second = p.second.(int) + 1
		p.rows += files[i].rows
	}
	for i := range r.Violations {
		v := &r.Violations[i]
		if at, ok := fileAt[v.File]; ok && v.File != "" {
			files[at].count(v)
			province(files[at].second.(string)).count(v)
			continue
		}
		p, _ := v.Context["province"].(string)
		if p == "" {
			p, _ = v.Context["recipient_province"].(string)
		}
		province(provinceOf(p)).count(v)
	}
	failAt := failRank(r.Summary)
	names := make([]string, 0, len(byProvince))
	for n := range byProvince {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == unknown) != (names[j] == unknown) {
			return names[j] == unknown
		}
		return names[i] < names[j]
	})
	out := tallies{files: files}
	for _, n := range names {
		out.provinces = append(out.provinces, *byProvince[n])
	}
	for _, list := range [][]tally{out.files, out.provinces} {
		for i := range list {
			list[i].passed = list[i].worst < failAt
		}
	}
	return out
}

// failRank is the lowest severity rank that fails the run. The Result does not carry --fail-on,
// so it is inferred from the run's verdict and counts, "error" (the default) unless they say
// otherwise; a file or province then passes or fails by the same measure as the run.
func failRank(s result.Summary) int {
	switch {
	case s.Passed && s.Errors > 0:
		return 4 // --fail-on never
	case !s.Passed && s.Errors == 0 && s.Warnings > 0:
		return 2
	case !s.Passed && s.Errors == 0 && s.Warnings == 0 && s.Infos > 0:
		return 1
	}
	return 3
}
