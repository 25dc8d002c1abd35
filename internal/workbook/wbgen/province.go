package wbgen

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/schema"
)

// National lists the 31 mainland provinces, the files of a national batch.
func National() []string {
	var out []string
	for _, p := range reference.Provinces() {
		if p.Code < "71" {
			out = append(out, p.Name)
		}
	}
	return out
}

// WriteProvince writes province's workbook with about rows data rows (see Province).
func WriteProvince(path, province string, rows int) error {
	return writeFile(path, func(w io.Writer) error { return Province(w, province, rows) })
}

// Province writes a province workbook the way a province fills it in, so that every default rule
// runs on it (with the allocation table of Allocation): 基本信息, 结对关系, 援派人员, 帮扶记录, 资金
// and — for a province with key counties, which pairs within itself (省内帮扶) and so reports both
// sides — 受援人员 and 服务站. A province without key counties pairs across provinces (跨省帮扶) with
// one that has them. Each pairing (an org and a work year) brings 2 workers with a stay-log row each,
// 1 funds row and, on the recipient side, 3 trainees, so rows is rounded down to whole pairings (at
// least one); 服务站 adds one row per key county and year. Values are valid (check characters, ages,
// days, amounts, logged workdays) except one worker short of days and one wrong credit-code check
// character in every 1,000 pairings, so the report has a few violations to write. An unknown
// province is an error.
func Province(w io.Writer, province string, rows int) error {
	g, err := newGenerator(province, rows)
	if err != nil {
		return err
	}
	sheets := []sheet{g.info(), g.table("pairings", g.pairing), g.table("workers", g.workers),
		g.table("logs", g.logs), g.table("funds", g.funds)}
	if g.both {
		sheets = append(sheets, g.table("trainees", g.trainees), g.stations())
	}
	return writeBook(w, sheets)
}

// WriteAllocation writes the allocation table matching the province workbooks of the same rows.
func WriteAllocation(path string, provinces []string, rows int) error {
	return writeFile(path, func(w io.Writer) error { return Allocation(w, provinces, rows) })
}

// Allocation writes the 任务分配表 the province workbooks that Province writes fulfil: one task per
// province, as many pairings per work year as it has orgs pairing all five years.
func Allocation(w io.Writer, provinces []string, rows int) error {
	var gens []*generator
	for _, p := range provinces {
		g, err := newGenerator(p, rows)
		if err != nil {
			return err
		}
		gens = append(gens, g)
	}
	sh := schema.Default().Sheet("allocation")
	return writeBook(w, []sheet{tableSheet(sh, func(emit func(map[string]any)) {
		for i, g := range gens {
			emit(map[string]any{"seq": i + 1, "recipient_province": g.partner.Name, "mode": g.mode(),
				"dispatch_province": g.prov.Name, "pairs": max(1, g.units/years)})
		}
	})})
}

// years is how many work years an org pairs (2021–2025, the plan's).
const years = 5

// generator makes the rows of one province workbook. A unit is one pairing: an org and a work year;
// org u/years pairs every work year with the same recipient org.
type generator struct {
	prov     reference.Province
	partner  reference.Province // the recipient province
	counties []reference.County // the partner's key counties
	both     bool               // pairs within itself: reports both sides
	units    int
}

func newGenerator(province string, rows int) (*generator, error) {
	p, ok := reference.LookupProvince(province)
	if !ok {
		return nil, fmt.Errorf("wbgen: unknown province %q", province)
	}
	cs := reference.DefaultCounties()
	g := &generator{prov: p, partner: p, counties: cs.InProvince(p.Name)}
	g.both = len(g.counties) > 0
	if !g.both {
		keyed := cs.Provinces()
		i := slices.IndexFunc(reference.Provinces(), func(q reference.Province) bool { return q.Name == p.Name })
		g.partner, _ = reference.LookupProvince(keyed[i%len(keyed)])
		g.counties = cs.InProvince(g.partner.Name)
	}
	perUnit := 6 // pairing, 2 workers, 2 log rows, funds
	if g.both {
		perUnit += 3 // trainees
	}
	g.units = max(1, rows/perUnit)
	return g, nil
}

const reportDate = 44581 // 2022-01-20, before the plan deadline

func (g *generator) info() sheet {
	form := [][]any{{"填报省份", g.prov.Name}, {"填报单位", g.prov.Name + "民政厅"}, {"联系人", "王示例"},
		{"联系电话", "010-00000000"}, {"报送日期", reportDate}}
	return sheet{name: schema.Default().Info.Sheet, rows: func(emit func([]any)) {
		for _, r := range form {
			emit(r)
		}
	}}
}

func (g *generator) table(key string, unit func(u int, emit func(map[string]any))) sheet {
	return tableSheet(schema.Default().Sheet(key), func(emit func(map[string]any)) {
		for u := range g.units {
			unit(u, emit)
		}
	})
}

func (g *generator) year(u int) int { return 2021 + u%years }

func (g *generator) mode() string {
	if g.both {
		return "省内帮扶"
	}
	return "跨省帮扶"
}

func (g *generator) dispatchOrg(o int) string {
	return fmt.Sprintf("%s第%d社会工作服务中心", g.prov.Name, o+1)
}

func (g *generator) county(o int) reference.County { return g.counties[o%len(g.counties)] }

func (g *generator) recipientOrg(o int) string {
	if g.both {
		return fmt.Sprintf("%s第%d社会工作服务站", g.county(o).Name, o+1)
	}
	return fmt.Sprintf("%s%s牵手第%d社会工作服务站", g.county(o).Name, g.prov.Short, o+1)
}

func (g *generator) pairing(u int, emit func(map[string]any)) {
	o := u / years
	c := g.county(o)
	recipientCode := CreditCode(fmt.Sprintf("52%s%s%07d", c.Code, g.prov.Code, o))
	if u%1000 == 499 {
		recipientCode = recipientCode[:17] + string("01"[recipientCode[17]%2]) // a wrong check character
	}
	emit(map[string]any{
		"seq": u + 1, "year": g.year(u), "mode": g.mode(), "dispatch_province": g.prov.Name,
		"dispatch_org": g.dispatchOrg(o), "dispatch_org_code": CreditCode(fmt.Sprintf("52%s0100MJ%07d", g.prov.Code, o)),
		"dispatch_org_type": "社会工作服务机构", "recipient_province": g.partner.Name, "recipient_county": c.Name,
		"recipient_org": g.recipientOrg(o), "recipient_org_code": recipientCode,
		"recipient_org_type": "社会工作服务机构", "agreement_date": reportDate - 15 + o%10,
	})
}

var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"}
	given    = []string{"静怡", "俊杰", "子涵", "志强", "雨桐", "浩然", "若曦", "明轩", "欣怡", "宇航", "思远", "佳琪", "晨阳"}
)

func personName(n int) string {
	return surnames[n%len(surnames)] + given[(n/len(surnames))%len(given)]
}

// personID is person n's ID number, unique for n < 10,000,000: born from `from` on, n/1000 days
// later, with sequence number n%1000, registered in division.
func personID(division string, from time.Time, n int) string {
	born := from.AddDate(0, 0, n/1000)
	return IDNumber(fmt.Sprintf("%s%s%03d", division, born.Format("20060102"), n%1000))
}

var (
	workersBorn  = time.Date(1975, 1, 1, 0, 0, 0, 0, time.UTC)
	traineesBorn = time.Date(1992, 1, 1, 0, 0, 0, 0, time.UTC)
)

func (g *generator) workers(u int, emit func(map[string]any)) {
	o := u / years
	for k := range 2 {
		n := o*2 + k
		days := 45 + n%20
		if u%1000 == 999 && k == 0 {
			days = 30 // short of 40
		}
		emit(map[string]any{
			"year": g.year(u), "dispatch_org": g.dispatchOrg(o), "name": personName(n),
			"id_number": personID(g.prov.Code+"0102", workersBorn, n), "cert_level": []string{"社会工作师", "高级社会工作师"}[k],
			"cert_no": fmt.Sprintf("S%s%07d", g.prov.Code, n), "service_start": "2015-03", "days": days,
			"phone": fmt.Sprintf("138%08d", n),
		})
	}
}

// logs writes each worker's stay: from the first of March, as many 工作日 as the days stated.
func (g *generator) logs(u int, emit func(map[string]any)) {
	g.workers(u, func(w map[string]any) {
		start := time.Date(w["year"].(int), 3, 1, 0, 0, 0, 0, time.UTC)
		end := start
		for reference.Workdays(start, end) < w["days"].(int) {
			end = end.AddDate(0, 0, 1)
		}
		emit(map[string]any{"year": w["year"], "name": w["name"], "id_number": w["id_number"],
			"start": serial(start), "end": serial(end), "days": w["days"]})
	})
}

// serial is a date as Excel stores it: days since 1899-12-30.
func serial(t time.Time) int {
	return int(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// stations writes 服务站: every key county of the province, every work year, fully covered.
func (g *generator) stations() sheet {
	return tableSheet(schema.Default().Sheet("stations"), func(emit func(map[string]any)) {
		for y := range years {
			for i, c := range g.counties {
				n := 8 + i%20
				emit(map[string]any{"year": 2021 + y, "recipient_county": c.Name, "townships": n, "stations": n})
			}
		}
	})
}

func (g *generator) funds(u int, emit func(map[string]any)) {
	subsidy := 30000
	if g.both {
		subsidy = 20000
	}
	emit(map[string]any{"year": g.year(u), "dispatch_org": g.dispatchOrg(u / years), "ministry_subsidy": subsidy,
		"provincial_funding": 30000 + 1000*(u%5)})
}

func (g *generator) trainees(u int, emit func(map[string]any)) {
	o := u / years
	for k := range 3 {
		n := o*3 + k
		emit(map[string]any{
			"year": g.year(u), "recipient_org": g.recipientOrg(o), "name": personName(n + 7),
			"id_number": personID(g.county(o).Code, traineesBorn, n), "days": 125 + n%40, "exam": []string{"是", "否"}[n%2],
		})
	}
}
