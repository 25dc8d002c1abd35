// Package sample writes the bundled sample batch (testdata/sample): an allocation table and four
// province workbooks with synthetic people and organisations — two compliant, two with a spread of
// violations and the messy layouts officers really send (title rows, merged two-row headers,
// vertically merged cells, full-width digits, 万元 columns, split sheets, label lines, hidden
// columns, a stay log whose dates disagree with the days stated). The files are committed; TestSampleUpToDate keeps them in step with this code.
package sample

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/qianshou/qianshou/internal/ident"
	"github.com/qianshou/qianshou/internal/reference"
	"github.com/xuri/excelize/v2"
)

// Files lists what Write produces, relative to its directory.
var Files = []string{
	"任务分配表.xlsx",
	"provinces/福建省.xlsx",
	"provinces/宁夏回族自治区.xlsx",
	"provinces/江苏省.xlsx",
	"provinces/重庆市.xlsx",
}

// Write writes the sample batch into dir.
func Write(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "provinces"), 0o755); err != nil {
		return err
	}
	for i, build := range []func() *excelize.File{allocation, fujian, ningxia, jiangsu, chongqing} {
		f := build()
		f.SetDocProps(&excelize.DocProperties{Creator: "qianshou sample", Created: "2022-01-20T00:00:00Z", Modified: "2022-01-20T00:00:00Z"})
		if err := f.SaveAs(filepath.Join(dir, Files[i])); err != nil {
			return err
		}
	}
	return nil
}

// IDNumber makes a synthetic ID number with a valid check digit.
func IDNumber(division, birth string, seq int) string {
	first17 := fmt.Sprintf("%s%s%03d", division, birth, seq)
	return first17 + string(ident.IDCheckDigit(first17))
}

// CreditCode makes a synthetic 统一社会信用代码 of a 民办非企业单位 (52) registered at division.
func CreditCode(division string, serial int) string {
	first17 := fmt.Sprintf("52%s%09d", division, serial)
	return first17 + string(ident.CreditCheckChar(first17))
}

// book is a workbook under construction; its first sheet is renamed on first use.
type book struct {
	f     *excelize.File
	first bool
}

func newBook() *book { return &book{f: excelize.NewFile(), first: true} }

func (b *book) sheet(name string) string {
	if b.first {
		b.first = false
		_ = b.f.SetSheetName("Sheet1", name)
	} else {
		_, _ = b.f.NewSheet(name)
	}
	return name
}

// rows writes rows starting at row `from`; nil cells stay blank.
func (b *book) rows(sheet string, from int, rows ...[]any) {
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, from+i)
		_ = b.f.SetSheetRow(sheet, cell, &r)
	}
}

func (b *book) merge(sheet, from, to string) { _ = b.f.MergeCell(sheet, from, to) }

// textColumn formats a column as text (@) so ID numbers keep their digits, as a careful officer does.
func (b *book) textColumn(sheet, col string) {
	style, _ := b.f.NewStyle(&excelize.Style{NumFmt: 49})
	_ = b.f.SetColStyle(sheet, col, style)
}

var pairingHeader = []any{"序号", "工作年度", "帮扶类型", "援派省份", "援派机构名称", "援派机构统一社会信用代码", "援派机构类型",
	"受援省份", "受援县(市、区)", "受援机构名称", "受援机构统一社会信用代码", "受援机构类型", "帮扶协议签订日期", "备注"}

func allocation() *excelize.File {
	b := newBook()
	s := b.sheet("任务分配表")
	b.rows(s, 1,
		[]any{"附件"},
		[]any{"社会工作服务机构“牵手计划”任务分配表（样例）"},
		[]any{"序号", "受援省份", "帮扶类型", "援派省份", "受援县(市、区)", "结对数", "备注"},
		[]any{1, "宁夏回族自治区", "跨省帮扶", "福建省", nil, 5, nil},
		[]any{2, "重庆市", "跨省帮扶", "江苏省", nil, 2, nil},
		[]any{3, "重庆市", "省内帮扶", "重庆市", nil, 2, "其余重点帮扶县省内结对"},
	)
	return b.f
}

// The 宁夏 pairings, reported identically by 福建 (dispatching) and 宁夏 (receiving).
type pairing struct {
	dispatchOrg, dispatchDiv, county, countyDiv, recipientOrg string
	serial                                                    int
}

var ningxiaPairs = []pairing{
	{"福州市鼓楼区阳光社会工作服务中心", "350102", "原州区", "640402", "固原市原州区启航社会工作服务中心", 101},
	{"厦门市思明区海燕社会工作服务中心", "350203", "西吉县", "640422", "西吉县同心社会工作服务中心", 102},
	{"泉州市丰泽区温馨社会工作服务中心", "350503", "同心县", "640324", "同心县心连心社会工作服务中心", 103},
	{"漳州市芗城区春晖社会工作服务中心", "350602", "红寺堡区", "640303", "吴忠市红寺堡区筑梦社会工作服务中心", 104},
	{"莆田市城厢区和美社会工作服务中心", "350302", "海原县", "640522", "海原县阳光社会工作服务中心", 105},
}

func ningxiaPairingRows() [][]any {
	var rows [][]any
	for i, p := range ningxiaPairs {
		rows = append(rows, []any{i + 1, 2022, "跨省帮扶", "福建省", p.dispatchOrg, CreditCode(p.dispatchDiv, p.serial), "社会工作服务机构",
			"宁夏回族自治区", p.county, p.recipientOrg, CreditCode(p.countyDiv, p.serial+500), "社会工作服务机构", "2022-01-10", nil})
	}
	return rows
}

var surnames = []string{"陈", "林", "黄", "张", "李", "王", "吴", "刘", "蔡", "杨", "许", "郑", "谢", "郭", "洪", "邱"}
var givenNames = []string{"思远", "雨桐", "晓燕", "子涵", "明轩", "嘉怡", "浩然", "欣妍", "俊杰", "诗琪", "志强", "梦瑶", "宇航", "静怡", "文博", "若曦"}

// person returns a made-up name for index i.
func person(i int) string { return surnames[i%len(surnames)] + givenNames[(i*7+3)%len(givenNames)] }

func fujian() *excelize.File {
	b := newBook()
	info := b.sheet("基本信息")
	b.rows(info, 1,
		[]any{"填报省份", "福建省"},
		[]any{"填报单位", "福建省民政厅"},
		[]any{"联系人", "陈思远"},
		[]any{"联系电话", "13800000001"},
		[]any{"报送日期", "2022-01-20"},
	)
	s := b.sheet("结对关系")
	b.rows(s, 1, pairingHeader)
	b.rows(s, 2, ningxiaPairingRows()...)
	w := b.sheet("援派人员")
	b.textColumn(w, "D")
	b.rows(w, 1, []any{"工作年度", "援派机构名称", "姓名", "身份证号码", "职业水平证书等级", "证书编号", "从事社会工作服务起始时间", "参与计划工作日数", "联系电话"})
	logs := b.sheet("帮扶记录")
	b.textColumn(logs, "C")
	b.rows(logs, 1, []any{"工作年度", "姓名", "身份证号码", "开始日期", "结束日期", "工作日数"})
	n := 0
	for _, p := range ningxiaPairs {
		for k := 0; k < 2; k++ {
			level := "社会工作师"
			if k == 1 && n%4 == 1 {
				level = "高级社会工作师"
			}
			id := IDNumber(p.dispatchDiv, fmt.Sprintf("19%02d0%d1%d", 80+n, 1+n%9, n%9), n+1)
			b.rows(w, 2+n, []any{2022, p.dispatchOrg, person(n), id, level,
				fmt.Sprintf("Z2019%06d", 3500+n), fmt.Sprintf("201%d-0%d", 2+n%6, 1+n%9), 45 + n, fmt.Sprintf("1390000%04d", n)})
			// one stay per person whose working days (holidays off, 调休 on) match the days stated
			start := time.Date(2022, time.Month(3+n%6), 1, 0, 0, 0, 0, time.UTC)
			b.rows(logs, 2+n, []any{2022, person(n), id, start.Format("2006-01-02"), stayEnd(start, 45+n).Format("2006-01-02"), 45 + n})
			n++
		}
	}
	m := b.sheet("资金")
	b.rows(m, 1, []any{"工作年度", "援派机构名称", "民政部补助资金(元)", "省级配套资金(元)", "其他资金(元)"})
	for i, p := range ningxiaPairs {
		b.rows(m, 2+i, []any{2022, p.dispatchOrg, 30000, 30000, 5000 * i})
	}
	return b.f
}

func ningxia() *excelize.File {
	b := newBook()
	s := b.sheet("结对关系")
	b.rows(s, 1,
		[]any{"宁夏回族自治区社会工作服务机构“牵手计划”结对名单"},
		[]any{"填报单位(盖章):宁夏回族自治区民政厅　　报送日期:2022年1月21日"},
		pairingHeader,
	)
	rows := ningxiaPairingRows()
	for _, r := range rows {
		r[7] = "宁夏" // the short name, as many officers write it
	}
	b.rows(s, 4, rows...)
	t := b.sheet("受援人员")
	b.textColumn(t, "D")
	b.rows(t, 1, []any{"工作年度", "受援机构名称", "姓名", "身份证号码", "参与计划工作日数", "是否报考职业水平考试"})
	n := 0
	for _, p := range ningxiaPairs {
		for k := 0; k < 3; k++ {
			exam := "是"
			if k == 2 {
				exam = "否"
			}
			b.rows(t, 2+n, []any{2022, p.recipientOrg, person(n + 40), IDNumber(p.countyDiv, fmt.Sprintf("199%d0%d2%d", n%10, 1+n%9, n%9), n+1), 120 + 2*n, exam})
			n++
		}
	}
	st := b.sheet("服务站")
	b.rows(st, 1, []any{"工作年度", "受援县(市、区)", "乡镇(街道)数", "已建社会工作服务站数"})
	for i, p := range ningxiaPairs {
		b.rows(st, 2+i, []any{2022, p.county, 10 + i, 10 + i})
	}
	return b.f
}

// 江苏 sends two organisations to 重庆 and writes its workbook the way many offices do: title rows,
// a two-row header with merged groups, an org name merged down over its workers, full-width digits,
// a 万元 money column, workers split over two sheets and a hidden helper column.
func jiangsu() *excelize.File {
	b := newBook()
	s := b.sheet("结对关系")
	b.rows(s, 1,
		[]any{"附件2"},
		[]any{"江苏省社会工作服务机构“牵手计划”结对名单"},
		[]any{"填报单位(盖章):江苏省民政厅　　报送日期:2022年1月28日"},
		[]any{"序号", "工作年度", "帮扶类型", "援派省份", "援派机构", nil, nil, "受援省份", "受援县(市、区)", "受援机构", nil, nil, "帮扶协议签订日期"},
		[]any{nil, nil, nil, nil, "名称", "统一社会信用代码", "类型", nil, nil, "名称", "统一社会信用代码", "类型"},
		[]any{"１", "2022年", "跨省", "江苏", "南京市玄武区益众社会工作服务中心", CreditCode("320102", 201), "社会工作服务机构",
			"重庆", "城口县", "城口县众益社会工作服务中心", CreditCode("500229", 701), "社会工作服务机构", "2022年1月5日"},
		[]any{"２", "2022年", "跨省", "江苏", "苏州市姑苏区乐群社会工作服务中心", CreditCode("320508", 202), "社会工作服务机构",
			"重庆", "巫溪县", "巫溪县乐善社会工作服务中心", CreditCode("500238", 702), "社会工作服务机构", "2022/1/6"},
		[]any{nil},
		[]any{"填表人:", "周文博"},
	)
	for _, r := range []string{"A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:G4", "H4:H5", "I4:I5", "J4:L4", "M4:M5"} {
		from, to, _ := strings.Cut(r, ":")
		b.merge(s, from, to)
	}
	nanjing, suzhou := "南京市玄武区益众社会工作服务中心", "苏州市姑苏区乐群社会工作服务中心"
	header := []any{"工作年度", "援派机构名称", "姓名", "身份证号码", "证书等级", "从事社会工作服务起始时间", "参与计划工作日数", "备注(内部)"}
	w1 := b.sheet("援派人员(第一批)")
	b.textColumn(w1, "D")
	b.rows(w1, 1, header,
		[]any{2022, nanjing, "周文博", IDNumber("320102", "19850312", 11), "社会工作师", "2015-03", "４５天", "组长"},
		[]any{2022, nil, "吴梦瑶", IDNumber("320102", "19900708", 12), "助理社会工作师", "2018.9", 50, nil},
	)
	b.merge(w1, "B2", "B3") // the org name merged down over its workers
	_ = b.f.SetColVisible(w1, "H", false)
	w2 := b.sheet("援派人员(第二批)")
	b.textColumn(w2, "D")
	badID := IDNumber("320508", "19880215", 21)
	badID = badID[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", badID[17])+1)%11]) // a typo in the check digit
	b.rows(w2, 1, header,
		[]any{2022, suzhou, "许嘉怡", badID, "中级", "2016年4月", 42, nil},
		[]any{2022, suzhou, "郑浩然", IDNumber("320508", "19930101", 22), "社会工作师", "2021-03", 35, nil},
	)
	// 周文博 states 45 days, but the stay log (across the 国庆 holiday) counts fewer.
	logs := b.sheet("帮扶记录")
	b.rows(logs, 1, []any{"工作年度", "姓名", "身份证号码", "开始日期", "结束日期"},
		[]any{2022, "周文博", IDNumber("320102", "19850312", 11), "2022年9月15日", "2022年11月16日"})
	m := b.sheet("资金")
	b.rows(m, 1, []any{"工作年度", "援派机构名称", "民政部补助资金(万元)", "省级配套资金(万元)"},
		[]any{2022, nanjing, 3, 3},
		[]any{2022, suzhou, 2, "3.5"},
	)
	return b.f
}

// 重庆 receives 江苏's two organisations and pairs one county inside the province. Its workbook has
// the faults a ministry analyst must catch across files.
func chongqing() *excelize.File {
	b := newBook()
	info := b.sheet("基本信息")
	b.rows(info, 1,
		[]any{"填报省份", "重庆市"},
		[]any{"填报单位", "重庆市民政局"},
		[]any{"联系人", "邱宇航"},
		[]any{"联系电话", "023-00000000"},
		[]any{"报送日期", "2022-01-24"},
	)
	s := b.sheet("结对关系")
	localOrg := "重庆市渝中区同心社会工作服务中心"
	b.rows(s, 1, pairingHeader,
		[]any{1, 2022, "跨省帮扶", "江苏省", "南京市玄武区益众社会工作服务中心", CreditCode("320102", 201), "社会工作服务机构",
			"重庆市", "城口县", "城口县众益社会工作服务中心", CreditCode("500229", 701), "社会工作服务机构", "2022-01-05"},
		// 江苏 says 苏州市姑苏区乐群 pairs with this recipient: a report-conflict.
		[]any{2, 2022, "跨省帮扶", "江苏省", "无锡市梁溪区善行社会工作服务中心", CreditCode("320213", 203), "社会工作服务机构",
			"重庆市", "巫溪县", "巫溪县乐善社会工作服务中心", CreditCode("500238", 702), "社会工作服务机构", "2022-01-06"},
		[]any{3, 2022, "省内帮扶", "重庆市", localOrg, CreditCode("500103", 301), "社工机构",
			"重庆市", "酉阳县", "酉阳县春苗社会工作服务中心", CreditCode("500242", 703)[:17] + "0", "社会工作服务机构", "2022-01-08"},
	)
	w := b.sheet("援派人员")
	b.textColumn(w, "D")
	b.rows(w, 1, []any{"工作年度", "援派机构名称", "姓名", "身份证号码", "职业水平证书等级", "直接从事社会工作服务年限", "参与计划工作日数"},
		[]any{2022, localOrg, "谢静怡", IDNumber("500103", "19870521", 31), "社会工作师", 6, 60},
		[]any{2022, localOrg, "郭俊杰", IDNumber("500103", "19920817", 32), "高级社会工作师", 8, 41},
	)
	m := b.sheet("资金")
	b.rows(m, 1, []any{"工作年度", "援派机构名称", "民政部补助资金(元)", "省级配套资金(元)"},
		[]any{2022, localOrg, "20,000.00", "2万"},
	)
	t := b.sheet("受援人员")
	b.rows(t, 1, []any{"工作年度", "受援机构名称", "姓名", "身份证号码", "参与计划工作日数"})
	trainees := []struct {
		org  string
		div  string
		days any
	}{
		{"城口县众益社会工作服务中心", "500229", 130}, {"城口县众益社会工作服务中心", "500229", 125}, {"城口县众益社会工作服务中心", "500229", 100},
		{"巫溪县乐善社会工作服务中心", "500238", 150}, {"巫溪县乐善社会工作服务中心", "500238", 140},
		{"酉阳县春苗社会工作服务中心", "500242", 121}, {"酉阳县春苗社会工作服务中心", "500242", 122}, {"酉阳县春苗社会工作服务中心", "500242", 180},
	}
	for i, tr := range trainees {
		id := any(IDNumber(tr.div, fmt.Sprintf("199%d03%02d", i, 10+i), 40+i))
		if i == 4 {
			id = 500238199403140 // typed as a number: Excel kept 15 digits, the rest is lost
		}
		b.rows(t, 2+i, []any{2022, tr.org, person(i + 80), id, tr.days})
	}
	st := b.sheet("服务站")
	b.rows(st, 1, []any{"工作年度", "受援县(市、区)", "乡镇(街道)数", "已建社会工作服务站数"},
		[]any{2022, "城口县", 25, 25}, []any{2022, "巫溪县", 32, 20}, []any{2022, "酉阳县", 39, 39}, []any{2022, "彭水县", 39, 30})
	return b.f
}

// stayEnd is the day on which a stay starting at start reaches days working days.
func stayEnd(start time.Time, days int) time.Time {
	d := start
	for n := 0; ; d = d.AddDate(0, 0, 1) {
		if reference.IsWorkday(d) {
			if n++; n == days {
				return d
			}
		}
	}
}
