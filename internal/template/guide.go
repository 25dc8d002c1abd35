package template

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/schema"
	"github.com/xuri/excelize/v2"
)

// Figures are the plan's thresholds the guide states. The CLI takes them from the rule set's
// params (named in the comments), so the guide and the checker never disagree.
type Figures struct {
	MinDispatchedWorkers int       // min_dispatched_workers
	MinServiceYears      float64   // min_service_years
	MinDispatchDays      int       // min_dispatch_days
	MinTrainees          int       // min_trainees
	MinTraineeDays       int       // min_trainee_days
	SubsidyCrossProvince float64   // subsidy_cross_province, yuan
	SubsidyIntraProvince float64   // subsidy_intra_province, yuan
	ProvincialMinFunding float64   // provincial_min_funding, yuan
	PlanDeadline         time.Time // plan_deadline, inclusive
	WorkYears            []int     // work_years
	QualifyingCerts      []string  // qualifying_cert_levels
	EncouragedProvinces  []string  // encouraged_provinces: non-key counties there draw no warning
	DaysPerOrg           bool      // dispatch_days_per == "org": the org's total days are judged
}

// FiguresFrom reads the figures from a rule set's params (rules.RuleSet.Params), naming any
// param that is missing or of the wrong type.
func FiguresFrom(params map[string]any) (Figures, error) {
	var fig Figures
	var missing []string
	number := func(name string) float64 {
		switch v := params[name].(type) {
		case int:
			return float64(v)
		case float64:
			return v
		}
		missing = append(missing, name)
		return 0
	}
	fig.MinDispatchedWorkers = int(number("min_dispatched_workers"))
	fig.MinServiceYears = number("min_service_years")
	fig.MinDispatchDays = int(number("min_dispatch_days"))
	fig.MinTrainees = int(number("min_trainees"))
	fig.MinTraineeDays = int(number("min_trainee_days"))
	fig.SubsidyCrossProvince = number("subsidy_cross_province")
	fig.SubsidyIntraProvince = number("subsidy_intra_province")
	fig.ProvincialMinFunding = number("provincial_min_funding")
	if d, ok := params["plan_deadline"].(time.Time); ok {
		fig.PlanDeadline = d
	} else {
		missing = append(missing, "plan_deadline")
	}
	years, _ := params["work_years"].([]any)
	for _, y := range years {
		if n, ok := y.(int); ok {
			fig.WorkYears = append(fig.WorkYears, n)
		}
	}
	if len(fig.WorkYears) == 0 {
		missing = append(missing, "work_years")
	}
	strs := func(name string) []string {
		list, _ := params[name].([]any)
		var out []string
		for _, v := range list {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		if len(out) == 0 {
			missing = append(missing, name)
		}
		return out
	}
	fig.QualifyingCerts = strs("qualifying_cert_levels")
	fig.EncouragedProvinces = strs("encouraged_provinces")
	fig.DaysPerOrg = params["dispatch_days_per"] == "org"
	if len(missing) > 0 {
		return fig, fmt.Errorf("规则文件缺少参数或类型不对：%s (the rules lack these params)", strings.Join(missing, ", "))
	}
	return fig, nil
}

// guideWidth is the width of the guide's text column, in character units.
const guideWidth = 80

// guide writes the 填报说明 sheet: what each sheet is, the rules that apply with the plan's
// figures, and how to fill the workbook in.
func (w *writer) guide(sheets []*schema.Sheet) error {
	g := &guideWriter{w: w}
	fig := w.opts.Figures
	title := "社会工作服务机构“牵手计划”实施方案附表 填报说明"
	if w.opts.Kind == KindAllocation {
		title = "社会工作服务机构“牵手计划”任务分配表 填报说明"
	}
	g.line("title", title, "")
	var scope []string
	if w.opts.Province != "" {
		scope = append(scope, "填报省份："+w.opts.Province)
	}
	if w.opts.Year != 0 {
		scope = append(scope, fmt.Sprintf("工作年度：%d", w.opts.Year))
	}
	if len(scope) > 0 {
		g.line("text", "", strings.Join(scope, "　　"))
	}
	if w.opts.Kind == KindProvince {
		g.line("text", "报送截止", fmt.Sprintf("实施方案须于 %s（含当日）前报送民政部；报送日期填在“%s”表中。",
			chineseDate(fig.PlanDeadline), schema.Default().Info.Sheet))
	}
	g.line("text", "工作年度", fmt.Sprintf("计划期为 %s，每个工作年度各填一行。", yearSpan(fig.WorkYears)))

	g.line("section", "一、各工作表", "")
	for _, sh := range sheets {
		g.line("text", sh.Name, sh.Help+"【"+obligation(sh)+"】")
	}

	g.line("section", "二、政策要求", "用 qianshou check 检查时逐条核对以下要求：")
	for _, sh := range sheets {
		if req := requirements(sh.Key, fig); req != "" {
			g.line("text", sh.Name, req)
		}
	}

	g.line("section", "三、填写要点", "")
	for _, tip := range w.tips() {
		g.line("text", "", tip)
	}
	if g.err != nil {
		return g.err
	}
	if err := w.f.MergeCell(GuideSheet, "A1", "B1"); err != nil {
		return err
	}
	if err := w.f.SetColWidth(GuideSheet, "A", "A", 16); err != nil {
		return err
	}
	return w.f.SetColWidth(GuideSheet, "B", "B", guideWidth)
}

// requirements states, in plain Chinese with the plan's figures, what the checker demands of a
// sheet ("" when nothing beyond its columns).
func requirements(sheetKey string, fig Figures) string {
	switch sheetKey {
	case "allocation":
		return "结对数为每个工作年度的结对数；受援县留空时，由该受援省份任一国家乡村振兴重点帮扶县的结对完成。"
	case "pairings":
		return "同一工作年度，一个援派机构只与一个受援机构结对，一个受援机构也只对应一个援派机构（一对一）；" +
			"跨省帮扶的援派省份与受援省份不同，省内帮扶的相同；援派、受援机构须为以下九类法人机构之一：" +
			strings.Join(reference.OrgTypes, "、") + "；每个国家乡村振兴重点帮扶县每个工作年度至少有一个结对。"
	case "workers":
		var refused []string
		for _, c := range certLevels {
			if !slices.Contains(fig.QualifyingCerts, c) && c != "无" {
				refused = append(refused, c)
			}
		}
		certs := "持" + strings.Join(fig.QualifyingCerts, "或") + "证书"
		if len(refused) > 0 {
			certs += "（" + strings.Join(refused, "、") + "不符合）"
		}
		days := fmt.Sprintf("每人当年累计参与计划工作不少于 %d 个工作日", fig.MinDispatchDays)
		if fig.DaysPerOrg {
			days = fmt.Sprintf("该机构援派人员当年合计参与计划工作不少于 %d 个工作日", fig.MinDispatchDays)
		}
		return fmt.Sprintf("每个援派机构每个工作年度至少选派 %d 名合格人员：%s、直接从事社会工作服务满 %s 年；%s。",
			fig.MinDispatchedWorkers, certs, strconv.FormatFloat(fig.MinServiceYears, 'f', -1, 64), days)
	case "trainees":
		return fmt.Sprintf("每个受援机构每个工作年度至少 %d 人接受帮扶，每人当年累计不少于 %d 个工作日。",
			fig.MinTrainees, fig.MinTraineeDays)
	case "funds":
		return fmt.Sprintf("民政部补助：跨省帮扶每家援派机构每年 %s，省内帮扶每家每年 %s；省级配套资金每家每年不低于 %s。"+
			"结对关系中的每个援派机构每个工作年度都要有一行资金。",
			yuan(fig.SubsidyCrossProvince), yuan(fig.SubsidyIntraProvince), yuan(fig.ProvincialMinFunding))
	case "stations":
		return "已建社会工作服务站数应达到乡镇(街道)数（全覆盖）。"
	case "logs":
		return "填写后，各人的参与计划工作日数将与按法定节假日安排计算的工作日核对。"
	}
	return ""
}

// tips are the practical notes on filling the workbook in.
func (w *writer) tips() []string {
	countyScope := "全部国家乡村振兴重点帮扶县"
	if w.opts.Province != "" && len(w.opts.Counties.InProvince(w.opts.Province)) > 0 {
		countyScope = w.opts.Province + "的国家乡村振兴重点帮扶县"
	}
	tips := []string{
		"第 1 行表头请勿修改或删除；可以增加列，多余的列不影响检查。橙色表头为必填列，蓝色为选填列；鼠标停在表头上可查看该列的填写说明和可接受的写法。",
		"带下拉箭头的单元格请从列表中选择。县(市、区)的下拉列表为" + countyScope + "；" + outsideList(w.opts.Figures) + "，出现提示时点“是”保留。",
	}
	if w.opts.Kind == KindAllocation {
		return append(tips, "填好后可与各省报送的工作簿一起检查：qianshou check -a 本文件.xlsx 各省工作簿所在目录")
	}
	return append(tips,
		"身份证号码、统一社会信用代码列已设为文本格式，请直接输入；从其他表格粘贴时请用“选择性粘贴—数值”。身份证号码一旦存成数字，末尾几位会永久丢失。",
		"日期按 2022-01-20 的形式填写；金额单位为元（如 30000）。",
		"填好后可自行检查：qianshou check 本文件.xlsx",
	)
}

// outsideList says which counties off the key-county list may be entered all the same.
func outsideList(fig Figures) string {
	if len(fig.EncouragedProvinces) == 0 {
		return "名单外的县可以照填"
	}
	return "名单外的县（如" + strings.Join(fig.EncouragedProvinces, "、") + "的县）可以照填"
}

// obligation says who must fill a sheet in.
func obligation(sh *schema.Sheet) string {
	switch {
	case sh.Optional:
		return "选报"
	case sh.Side == "dispatch":
		return "援派省份必报"
	case sh.Side == "recipient":
		return "受援省份必报"
	}
	return "必报"
}

// guideWriter appends rows to the guide sheet, keeping the first error.
type guideWriter struct {
	w   *writer
	row int
	err error
}

var guideStyles = map[string]*excelize.Style{
	"title": {
		Font:      &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	},
	"section": {
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	},
	"text": {
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	},
}

// line writes one row: a label in A and a text in B, styled by kind.
func (g *guideWriter) line(kind, label, text string) {
	if g.err != nil {
		return
	}
	g.row++
	a, b := fmt.Sprintf("A%d", g.row), fmt.Sprintf("B%d", g.row)
	st, err := g.w.style("guide-"+kind, guideStyles[kind])
	if err == nil {
		err = g.w.f.SetCellStr(GuideSheet, a, label)
	}
	if err == nil && text != "" {
		err = g.w.f.SetCellStr(GuideSheet, b, text)
	}
	if err == nil {
		err = g.w.f.SetCellStyle(GuideSheet, a, b, st)
	}
	if err == nil {
		// Excel does not size rows to wrapped text written by a program: estimate the lines.
		err = g.w.f.SetRowHeight(GuideSheet, g.row, rowHeight(kind, text))
	}
	g.err = err
}

func rowHeight(kind, text string) float64 {
	if kind == "title" {
		return 30
	}
	// A CJK character takes about 1.6 width units; a line holds guideWidth/1.6 of them.
	perLine := guideWidth * 10 / 16
	lines := (utf8.RuneCountInString(text) + perLine - 1) / perLine
	return float64(6 + 16*max(lines, 1))
}

// yuan writes an amount as people say it: 30000 → 3万元, 12345 → 12,345元.
func yuan(v float64) string {
	if v >= 10000 && v == float64(int64(v/10000))*10000 {
		return strconv.FormatInt(int64(v/10000), 10) + "万元"
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String() + "元"
}

func chineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// yearSpan writes 2021, 2022, …, 2025 as "2021—2025年", and a gapped list with 、.
func yearSpan(years []int) string {
	if len(years) == 0 {
		return "（未设定）"
	}
	contiguous := true
	for i := 1; i < len(years); i++ {
		contiguous = contiguous && years[i] == years[i-1]+1
	}
	if contiguous && len(years) > 1 {
		return fmt.Sprintf("%d—%d年", years[0], years[len(years)-1])
	}
	parts := make([]string, len(years))
	for i, y := range years {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, "、") + "年"
}
