package template

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qianshou/qianshou/internal/parse"
	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/schema"
	"github.com/xuri/excelize/v2"
)

// The canonical spellings of the enumerated types the reader returns (parse.Mode, parse.CertLevel,
// parse.Bool); the dropdowns offer exactly these, and a test holds them to the parser.
var (
	modes      = []string{"跨省帮扶", "省内帮扶"}
	certLevels = []string{"社会工作师", "高级社会工作师", "助理社会工作师", "无"}
	yesNo      = []string{"是", "否"}
)

// typeDoc says, for the header comments, what a type holds and which other spellings the reader
// takes; numFmt is the column's number format ("" for General).
type typeDoc struct {
	what, also, numFmt string
	width              float64
	center             bool // short values, centred so they do not run into their neighbours
}

var typeDocs = map[schema.Type]typeDoc{
	schema.Text:       {what: "文本", numFmt: "@", width: 14},
	schema.Int:        {what: "整数", also: "“45天”“４５”也可识别", numFmt: "0", width: 10, center: true},
	schema.Number:     {what: "数字", also: "可带小数，如 2.5", numFmt: "0.0", width: 10},
	schema.Money:      {what: "金额（元）", also: "“3万”“30,000.00”也可识别", numFmt: "#,##0.00", width: 16},
	schema.Date:       {what: "日期，如 2022-01-20", also: "“2022/1/20”“2022年1月20日”也可识别", numFmt: "yyyy-mm-dd", width: 13},
	schema.YearMonth:  {what: "年月，如 2019-03", also: "“2019年3月”“2019.3”也可识别", numFmt: "yyyy-mm", width: 12},
	schema.Year:       {what: "工作年度，如 2022", also: "“2022年”“2022年度”也可识别", numFmt: "0", width: 10, center: true},
	schema.Mode:       {what: "跨省帮扶 或 省内帮扶", also: "“跨省”“省内”也可识别", width: 12, center: true},
	schema.Province:   {what: "省份", also: "全称或简称均可，如“甘肃省”或“甘肃”", width: 18},
	schema.County:     {what: "县（市、区）名称", also: "自治县等可写简称，如“融水县”", width: 18},
	schema.OrgType:    {what: "政策规定的九类法人机构之一", width: 22},
	schema.CertLevel:  {what: "社会工作者职业水平证书等级", also: "“初级”“中级”“高级”也可识别", width: 16},
	schema.IDNumber:   {what: "18 位公民身份号码（文本，末位可为 X）", numFmt: "@", width: 22},
	schema.CreditCode: {what: "18 位统一社会信用代码（文本）", also: "小写字母自动转为大写", numFmt: "@", width: 26},
	schema.Bool:       {what: "是 或 否", also: "“Y/N”“√/×”也可识别", width: 10, center: true},
}

// choices returns the dropdown of an enumerated type: a title for the list, its values, and
// whether other values are refused (strict) or only warned about.
func (w *writer) choices(t schema.Type) (title string, values []string, strict, ok bool) {
	switch t {
	case schema.Province:
		for _, p := range reference.Provinces() {
			values = append(values, p.Name)
		}
		return "省份", values, true, true
	case schema.County:
		// Counties outside the list (西藏, 新疆) are allowed: a warning, not a refusal.
		return "重点帮扶县", w.countyNames(), false, true
	case schema.OrgType:
		return "机构类型", reference.OrgTypes, true, true
	case schema.CertLevel:
		return "证书等级", certLevels, true, true
	case schema.Mode:
		return "帮扶类型", modes, true, true
	case schema.Year:
		years := w.opts.Figures.WorkYears
		if w.opts.Year != 0 {
			years = []int{w.opts.Year}
		}
		for _, y := range years {
			values = append(values, strconv.Itoa(y))
		}
		return "工作年度", values, true, true
	case schema.Bool:
		return "是否", yesNo, true, true
	}
	return "", nil, false, false
}

// countyNames lists the key counties of the chosen province, or all of them when no province is
// chosen or it has none (a dispatching province pairs with counties elsewhere).
func (w *writer) countyNames() []string {
	counties := w.opts.Counties.All()
	if w.opts.Province != "" {
		if in := w.opts.Counties.InProvince(w.opts.Province); len(in) > 0 {
			counties = in
		}
	}
	seen := map[string]bool{}
	var names []string
	for _, c := range counties {
		if !seen[c.Name] {
			seen[c.Name] = true
			names = append(names, c.Name)
		}
	}
	return names
}

// dataSheet writes one table of the schema: headers, comments, formats, validations, widths and a
// frozen header row.
func (w *writer) dataSheet(sh *schema.Sheet) error {
	if _, err := w.f.NewSheet(sh.Name); err != nil {
		return err
	}
	for i, fd := range sh.Fields {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := w.column(sh, fd, col); err != nil {
			return fmt.Errorf("列 %s (%s): %w", col, fd.Header, err)
		}
	}
	if err := w.f.SetRowHeight(sh.Name, 1, 32); err != nil {
		return err
	}
	return w.f.SetPanes(sh.Name, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
}

// column writes one field's header cell, comment, column format and validation.
func (w *writer) column(sh *schema.Sheet, fd schema.Field, col string) error {
	doc := typeDocs[fd.Type]
	header := col + "1"
	if err := w.f.SetCellStr(sh.Name, header, fd.Header); err != nil {
		return err
	}
	hs, err := w.headerStyle(fd.Required || fd.OneOf != "")
	if err != nil {
		return err
	}
	if err := w.f.SetCellStyle(sh.Name, header, header, hs); err != nil {
		return err
	}
	text := w.commentText(sh, fd)
	if err := w.f.AddComment(sh.Name, excelize.Comment{
		Author: "qianshou", Cell: header,
		Paragraph: []excelize.RichTextRun{
			{Text: fd.Header + "\n", Font: &excelize.Font{Bold: true}},
			{Text: text},
		},
		Width: 300, Height: uint(40 + 18*(strings.Count(text, "\n")+1+utf8.RuneCountInString(text)/24)),
	}); err != nil {
		return err
	}
	if doc.numFmt != "" || doc.center {
		cs, err := w.columnStyle(fd.Type)
		if err != nil {
			return err
		}
		if err := w.f.SetColStyle(sh.Name, col, cs); err != nil {
			return err
		}
		// The header keeps its own style over the column's.
		if err := w.f.SetCellStyle(sh.Name, header, header, hs); err != nil {
			return err
		}
	}
	if err := w.f.SetColWidth(sh.Name, col, col, columnWidth(fd)); err != nil {
		return err
	}
	dv, err := w.validation(fd, fmt.Sprintf("%s2:%s%d", col, col, LastRow))
	if err != nil || dv == nil {
		return err
	}
	return w.f.AddDataValidation(sh.Name, dv)
}

// commentText explains a field: its help, type, whether it is required, the values the dropdown
// offers and the other header spellings the reader accepts.
func (w *writer) commentText(sh *schema.Sheet, fd schema.Field) string {
	doc := typeDocs[fd.Type]
	var b strings.Builder
	if fd.Help != "" {
		b.WriteString(fd.Help + "\n")
	}
	b.WriteString("类型：" + doc.what + "\n")
	switch {
	case fd.Required:
		b.WriteString("必填\n")
	case fd.OneOf != "":
		var others []string
		for _, o := range sh.Fields {
			if o.OneOf == fd.OneOf && o.Key != fd.Key {
				others = append(others, "“"+o.Header+"”")
			}
		}
		b.WriteString("与" + strings.Join(others, "、") + "至少填一项\n")
	default:
		b.WriteString("选填\n")
	}
	if _, values, _, ok := w.choices(fd.Type); ok && len(values) <= 10 {
		b.WriteString("可选：" + strings.Join(values, "、") + "\n")
	} else if ok {
		b.WriteString("从下拉列表选择\n")
	}
	if doc.also != "" {
		b.WriteString(doc.also + "\n")
	}
	if len(fd.Aliases) > 0 {
		b.WriteString("表头也可写作：" + strings.Join(fd.Aliases, "、") + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// validation returns the data validation of a field over sqref, or nil when its type has none.
func (w *writer) validation(fd schema.Field, sqref string) (*excelize.DataValidation, error) {
	if title, values, strict, ok := w.choices(fd.Type); ok {
		dv, err := w.lists.dropdown(title, values, sqref)
		if err != nil {
			return nil, err
		}
		if strict {
			dv.SetError(excelize.DataValidationErrorStyleStop, fd.Header, "请从下拉列表中选择。")
		} else {
			dv.SetError(excelize.DataValidationErrorStyleWarning, fd.Header,
				"该县不在国家乡村振兴重点帮扶县名单中。"+outsideList(w.opts.Figures)+"：点“是”保留。")
		}
		return dv, nil
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	var err error
	switch fd.Type {
	case schema.Int:
		err = dv.SetRange(0, 0, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorGreaterThanOrEqual)
		dv.SetError(excelize.DataValidationErrorStyleStop, fd.Header, "请填写不小于 0 的整数。")
	case schema.Number, schema.Money:
		err = dv.SetRange(0, 0, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual)
		dv.SetError(excelize.DataValidationErrorStyleStop, fd.Header, "请填写不小于 0 的数字（金额单位：元）。")
	case schema.Date, schema.YearMonth:
		// A warning only: text dates such as 2022年1月20日 are read correctly too.
		err = dv.SetRange(excelSerial(parse.MinDate), excelSerial(parse.MaxDate), excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleWarning, fd.Header, fmt.Sprintf("请填写 %s 至 %s 之间的日期，如 2022-01-20。",
			parse.MinDate.Format(time.DateOnly), parse.MaxDate.Format(time.DateOnly)))
	case schema.IDNumber, schema.CreditCode:
		err = dv.SetRange(18, 18, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorEqual)
		dv.SetError(excelize.DataValidationErrorStyleStop, fd.Header, "应为 18 位，请检查是否多输或漏输。")
	default:
		return nil, nil
	}
	if dv.Operator != "between" {
		dv.Formula2 = "" // one-operand operators take Formula1 only
	}
	return dv, err
}

// excelSerial is a date's serial number in Excel's 1900 date system.
func excelSerial(t time.Time) int {
	return int(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// columnWidth fits the header and the values the type holds; long headers wrap.
func columnWidth(fd schema.Field) float64 {
	w := typeDocs[fd.Type].width
	if fd.Org {
		w = 34
	}
	// A CJK character is two columns wide; headers wrap beyond 24 columns.
	hw := float64(min(2*utf8.RuneCountInString(fd.Header)+2, 24))
	return max(w, hw)
}

func (w *writer) headerStyle(required bool) (int, error) {
	name, fill := "header-optional", "DDEBF7"
	if required {
		name, fill = "header-required", "FCE4D6"
	}
	return w.style(name, &excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    borders(),
	})
}

// columnStyle is the style of a type's column: its number format and alignment.
func (w *writer) columnStyle(t schema.Type) (int, error) {
	doc := typeDocs[t]
	st := &excelize.Style{}
	if doc.numFmt != "" {
		st.CustomNumFmt = &doc.numFmt
	}
	if doc.center {
		st.Alignment = &excelize.Alignment{Horizontal: "center"}
	}
	return w.style("column "+string(t), st)
}

func borders() []excelize.Border {
	var out []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		out = append(out, excelize.Border{Type: side, Color: "A6A6A6", Style: 1})
	}
	return out
}
