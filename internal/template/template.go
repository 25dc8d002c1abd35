// Package template writes blank workbooks in the canonical format: every sheet and header of the
// schema, a 填报说明 sheet, dropdowns for every enumerated field, text formats on ID and credit-code
// columns, date and money formats, header comments and frozen header rows. The field list comes from
// internal/schema, the same definitions the reader uses, so a filled template reads back cleanly.
package template

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/schema"
	"github.com/xuri/excelize/v2"
)

// The workbook kinds of schema.Sheet.Workbook.
const (
	KindProvince   = "province"
	KindAllocation = "allocation"
)

// Kinds lists the workbook kinds a template can be made for.
var Kinds = []string{KindProvince, KindAllocation}

// LastRow is the last data row that carries dropdowns and validations; formats cover whole columns.
const LastRow = 1000

// GuideSheet is the name of the instructions sheet.
const GuideSheet = "填报说明"

// ListSheet is the hidden sheet that holds dropdown lists too long to write inline (over 255
// characters, Excel's limit). Its name matches no sheet of the schema, so the reader ignores it.
const ListSheet = "下拉选项"

// Options say what to write.
type Options struct {
	Kind string // KindProvince or KindAllocation
	// Province, when set, is prefilled as 填报省份 and narrows the county dropdown to its key
	// counties (when it has any). Full or short name.
	Province string
	// Year, when set, is the only 工作年度 the dropdown offers; it must be one of Figures.WorkYears.
	Year int
	// Counties is the county list for the dropdown; nil means reference.DefaultCounties().
	Counties *reference.Counties
	// Figures are the plan's thresholds, from the rule set's params; the guide sheet states them.
	Figures Figures
}

// New builds the template workbook in memory.
func New(opts Options) (*excelize.File, error) {
	sheets := schema.Default().SheetsOf(opts.Kind)
	if len(sheets) == 0 {
		return nil, fmt.Errorf("未知的工作簿类型 %q，可选：%s (unknown workbook kind)", opts.Kind, strings.Join(Kinds, ", "))
	}
	if opts.Province != "" {
		p, ok := reference.LookupProvince(opts.Province)
		if !ok {
			return nil, fmt.Errorf("未知的省份 %q (unknown province)", opts.Province)
		}
		opts.Province = p.Name
	}
	if opts.Year != 0 && !slices.Contains(opts.Figures.WorkYears, opts.Year) {
		return nil, fmt.Errorf("工作年度 %d 不在计划期内 %s (year outside the plan)", opts.Year, yearSpan(opts.Figures.WorkYears))
	}
	if opts.Counties == nil {
		opts.Counties = reference.DefaultCounties()
	}

	f := excelize.NewFile()
	w := &writer{f: f, opts: opts}
	if err := w.build(sheets); err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// Write builds the template and writes it to out as .xlsx.
func Write(out io.Writer, opts Options) error {
	f, err := New(opts)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Write(out)
}

// writer carries the state of one build: the file, the options and the shared styles and lists.
type writer struct {
	f      *excelize.File
	opts   Options
	styles map[string]int // style cache by name
	lists  *lists
}

func (w *writer) build(sheets []*schema.Sheet) error {
	w.styles = map[string]int{}
	w.lists = &lists{f: w.f}
	// The default sheet becomes the guide, so the workbook opens on it.
	if err := w.f.SetSheetName("Sheet1", GuideSheet); err != nil {
		return err
	}
	if w.opts.Kind == KindProvince {
		if err := w.infoSheet(); err != nil {
			return err
		}
	}
	for _, sh := range sheets {
		if err := w.dataSheet(sh); err != nil {
			return fmt.Errorf("工作表 %s: %w", sh.Name, err)
		}
	}
	if err := w.guide(sheets); err != nil {
		return err
	}
	for _, name := range w.f.GetSheetList() {
		if err := w.printLayout(name); err != nil {
			return err
		}
	}
	if err := w.lists.finish(); err != nil {
		return err
	}
	w.f.SetActiveSheet(0)
	return nil
}

// printLayout prints a sheet landscape on A4, all columns on one page width.
func (w *writer) printLayout(sheet string) error {
	a4, landscape, oneWide, anyTall, fit := 9, "landscape", 1, 0, true
	if err := w.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &landscape, FitToWidth: &oneWide, FitToHeight: &anyTall,
	}); err != nil {
		return err
	}
	return w.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}

// style returns the id of a named style, creating it on first use.
func (w *writer) style(name string, s *excelize.Style) (int, error) {
	if id, ok := w.styles[name]; ok {
		return id, nil
	}
	id, err := w.f.NewStyle(s)
	if err != nil {
		return 0, err
	}
	w.styles[name] = id
	return id, nil
}
