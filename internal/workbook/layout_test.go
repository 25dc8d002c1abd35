package workbook

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const sheetXML = "xl/worksheets/sheet1.xml"

var workerHeader = r("工作年度", "援派机构名称", "姓名", "身份证号码", "职业水平证书等级", "证书编号", "从事社会工作服务起始时间", "直接从事社会工作服务年限", "参与计划工作日数", "联系电话")

func workerRow(org any, name, id string, days any) []any {
	return r(2022, org, name, id, "社会工作师", "S2019001", "2018-03", nil, days, "13800000000")
}

func TestTitleRowsAndLabelLineAboveHeader(t *testing.T) {
	path := newBook(t).sheet("结对关系",
		r("附件2"),
		r("甘肃省社会工作服务机构“牵手计划”结对名单"),
		r("填报单位(盖章):甘肃省民政厅　　报送日期:2022年1月20日"),
		pairingHeader,
		pairingRow(1, "兰州市阳光社会工作服务中心", codeA),
		pairingRow(2, "天水市社会工作服务中心", codeC),
	).merge("结对关系", "A1", "N1").save()
	wb := mustRead(t, path, "province")
	tab := wb.Tables["pairings"]
	if tab == nil || len(tab.Records()) != 2 {
		t.Fatalf("pairings = %+v", tab)
	}
	rec := &tab.Records()[1]
	if rec.Row != 6 || rec.Sheet != "结对关系" {
		t.Errorf("second record at %s row %d, want 结对关系 row 6", rec.Sheet, rec.Row)
	}
	if v := recGet(tab, rec, "dispatch_org"); v.Typed != "天水市社会工作服务中心" || v.Col != "E" {
		t.Errorf("dispatch_org = %+v", v)
	}
	if v := recGet(tab, rec, "recipient_province"); v.Typed != "甘肃省" {
		t.Errorf("short province 甘肃 = %+v, want 甘肃省", v)
	}
	if u := wb.Info["unit"]; u.Value.Typed != "甘肃省民政厅" || u.Loc.Row != 3 || u.Loc.Sheet != "结对关系" {
		t.Errorf("Info unit = %+v", u)
	}
	if d := wb.Info["report_date"]; d.Value.Typed != time.Date(2022, 1, 20, 0, 0, 0, 0, time.UTC) {
		t.Errorf("Info report_date = %+v", d)
	}
	if len(wb.Problems) != 0 {
		t.Errorf("problems: %+v", wb.Problems)
	}
}

func TestTwoRowHeaderWithMergedGroups(t *testing.T) {
	for _, merged := range []bool{true, false} {
		b := newBook(t).sheet("结对关系",
			r("序号", "工作年度", "帮扶类型", "援派省份", "援派机构", nil, nil, "受援省份", "受援县(市、区)", "受援机构", nil, nil, "帮扶协议签订日期"),
			r(nil, nil, nil, nil, "名称", "统一社会信用代码", "类型", nil, nil, "名称", "统一社会信用代码", "类型", nil),
			pairingRow(1, "兰州市阳光社会工作服务中心", codeA),
		)
		if merged {
			b.merge("结对关系", "E1", "G1").merge("结对关系", "J1", "L1").merge("结对关系", "A1", "A2").merge("结对关系", "M1", "M2")
		}
		wb := mustRead(t, b.save(), "province")
		tab := wb.Tables["pairings"]
		if len(tab.Records()) != 1 || tab.Records()[0].Row != 3 {
			t.Fatalf("merged=%v: records %+v", merged, tab.Records())
		}
		for key, col := range map[string]string{"dispatch_org": "E", "dispatch_org_code": "F", "dispatch_org_type": "G", "recipient_org": "J", "recipient_org_code": "K", "recipient_org_type": "L", "seq": "A", "agreement_date": "M"} {
			if v := tab.Get(0, key); v.Col != col || v.Status != OK {
				t.Errorf("merged=%v: %s = %+v, want column %s", merged, key, v, col)
			}
		}
		if p := problems(wb, "missing-column"); len(p) != 0 {
			t.Errorf("merged=%v: %+v", merged, p)
		}
	}
}

func TestVerticallyMergedDataCells(t *testing.T) {
	org := "兰州市阳光社会工作服务中心"
	path := newBook(t).sheet("援派人员", workerHeader,
		workerRow(org, "张三", id1, 45), workerRow(nil, "李四", id2, 50), workerRow(nil, "王五", id1, 41), workerRow(nil, "赵六", id2, 40),
	).merge("援派人员", "B2", "B5").save()
	wb := mustRead(t, path, "province")
	tab := wb.Tables["workers"]
	if len(tab.Records()) != 4 {
		t.Fatalf("records: %d", len(tab.Records()))
	}
	for i := range tab.Records() {
		if v := tab.Get(i, "dispatch_org"); v.Typed != org || v.Col != "B" {
			t.Errorf("row %d dispatch_org = %+v", tab.Records()[i].Row, v)
		}
	}
	if p := problems(wb, "missing-value"); len(p) != 0 {
		t.Errorf("missing values: %+v", p)
	}
}

func TestColumnsInAnyOrderExtraAndHidden(t *testing.T) {
	b := newBook(t).sheet("说明", r("本表由省民政厅填报")).sheet("结对关系",
		r("备注", "联系人", "受援机构类型", "受援机构统一社会信用代码", "受援机构名称", "受援县", "受援省(区、市)", "援派机构类型",
			"援派机构信用代码", "援派单位", "派出省份", "帮扶方式", "年度", "编号"),
		r("", "张三", "社会工作服务机构", codeB, "东乡县社会工作服务站", "东乡县", "甘肃省", "社会工作服务机构",
			codeA, "兰州市阳光社会工作服务中心", "甘肃", "省内", "2022年度", 1),
	)
	b.f.SetSheetVisible("结对关系", false)
	b.f.SetRowVisible("结对关系", 2, false)
	b.f.SetColVisible("结对关系", "J", false)
	wb := mustRead(t, b.save(), "province")
	tab := wb.Tables["pairings"]
	if len(tab.Records()) != 1 {
		t.Fatalf("hidden sheet/row not read: %+v", tab)
	}
	rec := &tab.Records()[0]
	for key, want := range map[string]any{"dispatch_org": "兰州市阳光社会工作服务中心", "mode": "省内帮扶", "year": 2022, "seq": 1, "dispatch_province": "甘肃省", "recipient_county": "东乡县"} {
		if v := recGet(tab, rec, key); v.Typed != want {
			t.Errorf("%s = %+v, want %v", key, v, want)
		}
	}
	unknown := problems(wb, "unknown-column")
	if len(unknown) != 1 || unknown[0].Header != "联系人" || unknown[0].Loc.Cell() != "B1" || unknown[0].Detail["header"] != "联系人" {
		t.Errorf("unknown-column: %+v", unknown)
	}
	if strings.Join(wb.Sheets, ",") != "说明,结对关系" {
		t.Errorf("Sheets = %v", wb.Sheets)
	}
}

func TestBlankRowsAndFootersEndTheTable(t *testing.T) {
	for _, footer := range []string{"合计", "填表人:李明", "注：工作日数按自然日计", "审核人", "合 计"} {
		path := newBook(t).sheet("援派人员", workerHeader,
			workerRow("兰州市阳光社会工作服务中心", "张三", id1, 45),
			nil,
			workerRow("兰州市阳光社会工作服务中心", "李四", id2, 50),
			r(nil), // a template row with nothing but formatting
			r(footer, nil, nil, nil, nil, nil, nil, nil, 95),
			workerRow("不应读到", "王五", id1, 41),
		).save()
		wb := mustRead(t, path, "province")
		tab := wb.Tables["workers"]
		if len(tab.Records()) != 2 || tab.Records()[1].Row != 4 {
			t.Errorf("footer %q: %d records %+v", footer, len(tab.Records()), tab.Records())
		}
		if p := cellProblems(wb); len(p) != 0 {
			t.Errorf("footer %q: problems %+v", footer, p)
		}
	}
}

func TestUnfilledTemplateRowsWithOnlyASequenceNumberAreBlank(t *testing.T) {
	path := newBook(t).sheet("结对关系", pairingHeader, pairingRow(1, "兰州市阳光社会工作服务中心", codeA), r(2), r(3)).save()
	wb := mustRead(t, path, "province")
	if n := len(wb.Tables["pairings"].Records()); n != 1 || len(wb.Problems) != 0 {
		t.Errorf("records %d, problems %+v", n, wb.Problems)
	}
}

func TestFormulasAndErrorCells(t *testing.T) {
	path := newBook(t).sheet("援派人员", workerHeader,
		workerRow("兰州市阳光社会工作服务中心", "张三", id1, nil),
		workerRow("兰州市阳光社会工作服务中心", "李四", id2, nil),
		workerRow("兰州市阳光社会工作服务中心", "王五", id1, nil),
		workerRow("兰州市阳光社会工作服务中心", "赵六", id2, "#N/A"),
	).formula("援派人员", "I2", "20+25").formula("援派人员", "I3", "20+30").formula("援派人员", "I4", "1/0").
		rewrite(sheetXML, `<c r="I2" t="str"><f>20+25</f></c>`, `<c r="I2"><f>20+25</f><v>45</v></c>`).
		rewrite(sheetXML, `<c r="I4" t="str"><f>1/0</f></c>`, `<c r="I4" t="e"><f>1/0</f><v>#DIV/0!</v></c>`).save()
	wb := mustRead(t, path, "province")
	tab := wb.Tables["workers"]
	if v := tab.Get(0, "days"); v.Typed != 45 {
		t.Errorf("cached formula value: %+v", v)
	}
	bad := problems(wb, "invalid-value")
	if len(bad) != 3 {
		t.Fatalf("invalid-value: %+v", bad)
	}
	for i, want := range []struct{ cell, reason string }{{"I3", "公式没有计算结果"}, {"I4", "#DIV/0!"}, {"I5", "#N/A"}} {
		if bad[i].Loc.Cell() != want.cell || !strings.Contains(bad[i].Detail["reason"], want.reason) || bad[i].Field != "days" {
			t.Errorf("problem %d = %+v, want %s with %q", i, bad[i], want.cell, want.reason)
		}
	}
	for i := 1; i < 4; i++ {
		if v := tab.Get(i, "days"); v.Status != Invalid || v.Typed != nil {
			t.Errorf("row %d days = %+v, want Invalid", tab.Records()[i].Row, v)
		}
	}
}

func TestNumbersAsTextAndTextAsNumbers(t *testing.T) {
	path := newBook(t).sheet("援派人员", workerHeader,
		r("2022", "兰州市阳光社会工作服务中心", "张三", id1, "中级", 2019001, "2018年3月", nil, "45天", 13800000000),
		r("２０２２", "兰州市阳光社会工作服务中心", "李四", 620102198512310000, "社会工作师", nil, nil, "5.5", "１，２００", nil),
	).rewrite(sheetXML, "<v>620102198512310000</v>", "<v>6.2010219851231E+17</v>").save()
	wb := mustRead(t, path, "province")
	tab := wb.Tables["workers"]
	a, b := &tab.Records()[0], &tab.Records()[1]
	checks := []struct {
		rec  *Record
		key  string
		want any
	}{
		{a, "year", 2022}, {a, "days", 45}, {a, "cert_level", "社会工作师"}, {a, "cert_no", "2019001"}, {a, "phone", "13800000000"},
		{a, "service_start", time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC)}, {a, "id_number", id1},
		{b, "year", 2022}, {b, "days", 1200}, {b, "service_years", 5.5}, {b, "id_number", "620102198512310000"},
	}
	for _, c := range checks {
		if v := recGet(tab, c.rec, c.key); v.Typed != c.want {
			t.Errorf("row %d %s = %+v, want %v", c.rec.Row, c.key, v, c.want)
		}
	}
	if v := recGet(tab, b, "id_number"); !v.Numeric || v.Status != Invalid {
		t.Errorf("ID stored as a number: %+v, want Numeric and Invalid", v)
	}
	if p := cellProblems(wb); len(p) != 0 {
		t.Errorf("the ID number is id-number-invalid's to report, not the reader's: %+v", p)
	}
}

func TestDateCellsIn1900And1904Systems(t *testing.T) {
	want := time.Date(2022, 1, 10, 0, 0, 0, 0, time.UTC)
	for _, date1904 := range []bool{false, true} {
		b := newBook(t)
		if date1904 {
			yes := true
			if err := b.f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
				t.Fatal(err)
			}
		}
		row := pairingRow(1, "兰州市阳光社会工作服务中心", codeA)
		row[12] = want
		text := pairingRow(2, "天水市社会工作服务中心", codeC)
		text[12] = "2022年1月10日"
		old := pairingRow(3, "白银市社会工作服务中心", codeC)
		old[12] = "1999-12-31"
		path := b.sheet("结对关系", pairingHeader, row, text, old).save()
		wb := mustRead(t, path, "province")
		tab := wb.Tables["pairings"]
		if wb.Date1904 != date1904 {
			t.Errorf("Date1904 = %v", wb.Date1904)
		}
		for i := range 2 {
			if v := tab.Get(i, "agreement_date"); v.Typed != want {
				t.Errorf("1904=%v row %d: %+v, want %v", date1904, tab.Records()[i].Row, v, want)
			}
		}
		bad := problems(wb, "invalid-value")
		if len(bad) != 1 || bad[0].Loc.Cell() != "M4" || !strings.Contains(bad[0].Detail["reason"], "2000") || bad[0].Detail["example"] == "" {
			t.Errorf("1904=%v: date outside 2000–2035: %+v", date1904, bad)
		}
	}
}

func TestSplitSheetsReadAsOneTable(t *testing.T) {
	names := []string{"援派人员(2022)", "援派人员（2023）", "援派人员-2024", "援派人员_2025", "援派人员 2026"}
	b := newBook(t)
	for i, n := range names {
		b.sheet(n, workerHeader, workerRow("兰州市阳光社会工作服务中心", "张三", id1, 40+i))
	}
	b.sheet("援派人员统计", r("不是援派人员表"))
	wb := mustRead(t, b.save(), "province")
	tab := wb.Tables["workers"]
	if strings.Join(tab.SheetNames, "|") != strings.Join(names, "|") || len(tab.Records()) != len(names) {
		t.Fatalf("sheets %v, %d records", tab.SheetNames, len(tab.Records()))
	}
	for i, rec := range tab.Records() {
		if rec.Sheet != names[i] || tab.Get(i, "days").Typed != 40+i || wb.SheetRows[names[i]] != 1 {
			t.Errorf("record %d: %+v", i, rec)
		}
	}
}

func TestHeaderUnitsScaleMoney(t *testing.T) {
	path := newBook(t).sheet("资金",
		r("工作年度", "援派机构名称", "民政部补助资金（万元）", "省级配套资金(元)", "其他资金"),
		r(2022, "兰州市阳光社会工作服务中心", 3, "30,000.00", "1万"),
		r(2022, "天水市社会工作服务中心", "0.5", 20000, "-5"),
	).save()
	wb := mustRead(t, path, "province")
	tab := wb.Tables["funds"]
	for i, want := range [][2]float64{{30000, 30000}, {5000, 20000}} {
		rec := &tab.Records()[i]
		if recGet(tab, rec, "ministry_subsidy").Typed != want[0] || recGet(tab, rec, "provincial_funding").Typed != want[1] {
			t.Errorf("row %d: %+v", rec.Row, rec.Values)
		}
	}
	if v := tab.Get(0, "other_funding"); v.Typed != 10000.0 {
		t.Errorf("1万 = %+v", v)
	}
	if bad := problems(wb, "invalid-value"); len(bad) != 1 || bad[0].Raw != "-5" || bad[0].Detail["example"] != "30000" {
		t.Errorf("negative money: %+v", bad)
	}
}

// A bad value in a 万元 column is shown a good value in 万元: "30000" there would mean 3亿元.
func TestBadMoneyInWanYuanColumnGetsAnExampleInWanYuan(t *testing.T) {
	path := newBook(t).sheet("资金",
		r("工作年度", "援派机构名称", "民政部补助资金（万元）", "省级配套资金(元)"),
		r(2022, "兰州市阳光社会工作服务中心", "三", "三万"),
	).save()
	wb := mustRead(t, path, "province")
	want := map[string]string{"C": "3", "D": "30000"}
	bad := problems(wb, "invalid-value")
	if len(bad) != 2 {
		t.Fatalf("invalid-value: %+v", bad)
	}
	for _, p := range bad {
		if p.Detail["example"] != want[p.Loc.Col] {
			t.Errorf("%s: example %q, want %q", p.Loc.Cell(), p.Detail["example"], want[p.Loc.Col])
		}
	}
	if !strings.Contains(bad[0].Detail["reason"], "万元") || !strings.Contains(bad[0].Detail["reason_en"], "10,000") {
		t.Errorf("the reason does not say the column is in 万元: %+v", bad[0].Detail)
	}
}

func TestInfoFormWinsOverLabelLine(t *testing.T) {
	path := newBook(t).sheet("基本信息",
		r("填报省份", "甘肃"), r("联系人：", "李明"), r("报送日期", time.Date(2022, 1, 18, 0, 0, 0, 0, time.UTC)),
	).sheet("结对关系",
		r("填报单位（盖章）：", "甘肃省民政厅", "报送日期：2022年1月20日  联系电话：0931-1234567"),
		pairingHeader, pairingRow(1, "兰州市阳光社会工作服务中心", codeA),
	).save()
	wb := mustRead(t, path, "province")
	for key, want := range map[string]any{"province": "甘肃省", "contact": "李明", "unit": "甘肃省民政厅", "phone": "0931-1234567",
		"report_date": time.Date(2022, 1, 18, 0, 0, 0, 0, time.UTC)} {
		if v := wb.Info[key]; v.Value.Typed != want {
			t.Errorf("Info[%s] = %+v, want %v", key, v, want)
		}
	}
	if l := wb.Info["report_date"].Loc; l.Sheet != "基本信息" || l.Cell() != "B3" {
		t.Errorf("report_date located at %+v, want 基本信息!B3", l)
	}
	if l := wb.Info["unit"].Loc; l.Cell() != "B1" {
		t.Errorf("unit located at %+v, want B1 (the value beside its label)", l)
	}
}

func TestMissingSheetColumnAndValues(t *testing.T) {
	path := newBook(t).sheet("援派人员",
		r("工作年度", "援派机构名称", "姓名", "身份证号码", "从事社会工作服务起始时间", "直接从事社会工作服务年限", "参与计划工作日数"),
		r(2022, "兰州市阳光社会工作服务中心", "", id1, nil, nil, 45),
		r(2022, "兰州市阳光社会工作服务中心", "李四", id2, "2018-03", nil, "很多"),
	).save()
	wb := mustRead(t, path, "province")
	ms := problems(wb, "missing-sheet")
	if len(ms) != 1 || ms[0].Detail["sheet"] != "结对关系" || ms[0].Detail["found"] != "援派人员" {
		t.Errorf("missing-sheet: %+v (only 结对关系 is the reader's to report)", ms)
	}
	mc := problems(wb, "missing-column")
	if len(mc) != 1 || mc[0].Field != "cert_level" || !strings.Contains(mc[0].Detail["found"], "姓名") || mc[0].Loc.Sheet != "援派人员" {
		t.Errorf("missing-column: %+v", mc)
	}
	mv := problems(wb, "missing-value")
	if len(mv) != 2 || mv[0].Loc.Cell() != "C2" || mv[0].Field != "name" || mv[1].Field != "service_start" || mv[1].Loc.Cell() != "E2" {
		t.Errorf("missing-value: %+v", mv)
	}
	iv := problems(wb, "invalid-value")
	if len(iv) != 1 || iv[0].Loc.Cell() != "G3" || iv[0].Raw != "很多" || iv[0].Detail["example"] != "45" {
		t.Errorf("invalid-value: %+v", iv)
	}
}

func TestAllocationOnlySheetAndDefaults(t *testing.T) {
	path := newBook(t).sheet("Sheet1",
		r("社会工作服务机构“牵手计划”任务分配表"),
		r("序号", "受援省份", "帮扶类型", "援派省份", "受援县(市、区)", "结对数"),
		r(1, "青海", "跨省", "浙江", "", 5),
		r(2, "青海省", "省内", "青海", "玉树县", nil),
	).save()
	wb := mustRead(t, path, "allocation")
	tab := wb.Tables["allocation"]
	if tab == nil || len(tab.Records()) != 2 || len(wb.Problems) != 0 {
		t.Fatalf("table %+v, problems %+v", tab, wb.Problems)
	}
	if v := tab.Get(1, "pairs"); v.Typed != 1 || v.Status != OK {
		t.Errorf("empty 结对数 = %+v, want the default 1", v)
	}
	if v := tab.Get(0, "recipient_county"); v.Status != Empty {
		t.Errorf("blank county = %+v, want Empty", v)
	}
}

// recGet returns a field of a materialised record, by key.
func recGet(t *Table, r *Record, key string) Value { return r.Values[t.Sheet.FieldIndex(key)] }

// A table types each distinct text of a column once, yet a problem is reported at every cell that
// has it, and a column whose values never repeat (names here) still reads right past the point
// where the reader stops remembering them.
func TestRepeatedValuesTypedOnceProblemsAtEveryCell(t *testing.T) {
	rows := [][]any{workerRow("兰州市阳光社会工作服务中心", "张三", id1, "四十五"),
		workerRow("兰州市阳光社会工作服务中心", "李四", id2, "四十五")}
	n := memoTrial + 100
	for i := range n {
		rows = append(rows, workerRow("兰州市阳光社会工作服务中心", fmt.Sprintf("示例%d", i), id1, 40+i%3))
	}
	wb := mustRead(t, newBook(t).sheet("援派人员", append([][]any{workerHeader}, rows...)...).save(), "province")
	bad := problems(wb, "invalid-value")
	if len(bad) != 2 || bad[0].Loc.Cell() != "I2" || bad[1].Loc.Cell() != "I3" {
		t.Fatalf("invalid-value at every cell: %+v", bad)
	}
	tab := wb.Tables["workers"]
	if tab.Len() != n+2 {
		t.Fatalf("records: %d, want %d", tab.Len(), n+2)
	}
	for i := 2; i < tab.Len(); i++ {
		name, days := tab.Get(i, "name"), tab.Get(i, "days")
		if name.Typed != fmt.Sprintf("示例%d", i-2) || name.Col != "C" || days.Typed != 40+(i-2)%3 || days.Status != OK {
			t.Fatalf("record %d: name %+v, days %+v", i, name, days)
		}
	}
	if v := tab.Get(1, "days"); v.Status != Invalid || v.Raw != "四十五" || v.Col != "I" {
		t.Errorf("repeated invalid value: %+v", v)
	}
}
