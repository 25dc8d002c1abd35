package parse

import (
	"testing"
	"time"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// Every spelling of the Types table of workbooks.md, and what must not pass.
func TestNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"45", 45, true}, {"45.0", 45, true}, {"４５", 45, true}, {"45天", 45, true}, {"1,200", 1200, true},
		{" 2.5年 ", 2.5, true}, {"-3", -3, true}, {"１，２００", 1200, true},
		{"", 0, false}, {"abc", 0, false}, {"1,20", 0, false}, {"Inf", 0, false}, {"NaN", 0, false},
		{"0x10", 0, false}, {"1_000", 0, false}, {"四十五", 0, false},
	} {
		got, ok := Number(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("Number(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestInt(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{{"45", 45, true}, {"45.0", 45, true}, {"４５", 45, true}, {"45天", 45, true}, {"1,200", 1200, true}, {"45.5", 0, false}, {"x", 0, false}} {
		got, ok := Int(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("Int(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestMoney(t *testing.T) {
	for _, c := range []struct {
		in    string
		scale float64
		want  float64
		ok    bool
	}{
		{"30000", 0, 30000, true}, {"30,000.00", 0, 30000, true}, {"3万", 0, 30000, true}, {"3万元", 0, 30000, true},
		{"３００００", 0, 30000, true}, {"¥30000", 0, 30000, true}, {"30000元", 0, 30000, true},
		{"3", 10000, 30000, true}, {"0.1", 10000, 1000, true}, {"3万", 10000, 30000, true}, {"30000", 1, 30000, true},
		{"-1", 0, 0, false}, {"三万", 0, 0, false}, {"", 0, 0, false},
	} {
		got, ok := Money(c.in, c.scale)
		if ok != c.ok || got != c.want {
			t.Errorf("Money(%q, %v) = %v, %v; want %v, %v", c.in, c.scale, got, ok, c.want, c.ok)
		}
	}
}

func TestDate(t *testing.T) {
	for _, c := range []struct {
		in       string
		date1904 bool
		want     time.Time
		ok       bool
	}{
		{"2022-01-20", false, day(2022, 1, 20), true}, {"2022/1/20", false, day(2022, 1, 20), true},
		{"2022.1.20", false, day(2022, 1, 20), true}, {"2022年1月20日", false, day(2022, 1, 20), true},
		{"20220120", false, day(2022, 1, 20), true}, {"44581", false, day(2022, 1, 20), true},
		{"44581.75", false, day(2022, 1, 20), true}, {"43119", true, day(2022, 1, 20), true},
		{"２０２２－０１－２０", false, day(2022, 1, 20), true}, {"2022-01-20 00:00:00", false, day(2022, 1, 20), true},
		{"2021-01-01T10:10:10", false, day(2021, 1, 1), true}, {"2014-02-14T08:27:48.765Z", false, day(2014, 2, 14), true},
		{"1", false, day(1900, 1, 1), true}, {"1", true, day(1904, 1, 2), true}, {"61", false, day(1900, 3, 1), true},
		{"2022-02-30", false, time.Time{}, false}, {"2022-13-01", false, time.Time{}, false}, {"明天", false, time.Time{}, false},
		{"2022-01", false, time.Time{}, false}, {"2022-1-", false, time.Time{}, false}, {"", false, time.Time{}, false},
		{"-5", false, time.Time{}, false},
	} {
		got, ok := Date(c.in, c.date1904)
		if ok != c.ok || !got.Equal(c.want) {
			t.Errorf("Date(%q, 1904=%v) = %v, %v; want %v, %v", c.in, c.date1904, got, ok, c.want, c.ok)
		}
	}
	if InWindow(day(1999, 12, 31)) || !InWindow(day(2000, 1, 1)) || !InWindow(day(2035, 12, 31)) || InWindow(day(2036, 1, 1)) {
		t.Error("InWindow must accept exactly 2000-01-01 … 2035-12-31")
	}
}

func TestYearMonth(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2019-03", day(2019, 3, 1), true}, {"2019年3月", day(2019, 3, 1), true}, {"2019.3", day(2019, 3, 1), true},
		{"2019/03", day(2019, 3, 1), true}, {"201903", day(2019, 3, 1), true}, {"2019-03-15", day(2019, 3, 1), true},
		{"43539", day(2019, 3, 1), true}, {"2019-13", time.Time{}, false}, {"三月", time.Time{}, false},
	} {
		got, ok := YearMonth(c.in, false)
		if ok != c.ok || !got.Equal(c.want) {
			t.Errorf("YearMonth(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestYear(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{{"2022", 2022, true}, {"2022年", 2022, true}, {"2022年度", 2022, true}, {"２０２２", 2022, true}, {"2022.0", 2022, true}, {"1999", 1999, true}, {"二〇二二", 0, false}, {"2022.5", 0, false}} {
		got, ok := Year(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("Year(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestEnums(t *testing.T) {
	for _, c := range []struct {
		fn   func(string) (string, bool)
		in   string
		want string
		ok   bool
	}{
		{Mode, "跨省帮扶", "跨省帮扶", true}, {Mode, "跨省", "跨省帮扶", true}, {Mode, "省内帮扶", "省内帮扶", true},
		{Mode, " 省内 ", "省内帮扶", true}, {Mode, "对口支援", "", false},
		{Province, "甘肃省", "甘肃省", true}, {Province, "甘肃", "甘肃省", true}, {Province, "内蒙古自治区", "内蒙古自治区", true},
		{Province, "内蒙古", "内蒙古自治区", true}, {Province, "广西壮族自治区", "广西壮族自治区", true}, {Province, "广西", "广西壮族自治区", true},
		{Province, "新疆维吾尔自治区", "新疆维吾尔自治区", true}, {Province, "新疆", "新疆维吾尔自治区", true}, {Province, "宁夏", "宁夏回族自治区", true}, {Province, "宁夏自治区", "宁夏回族自治区", true}, {Province, "广西自治区", "广西壮族自治区", true},
		{Province, "西藏", "西藏自治区", true}, {Province, "重庆", "重庆市", true}, {Province, "甘粛", "", false},
		{CertLevel, "助理社会工作师", "助理社会工作师", true}, {CertLevel, "初级", "助理社会工作师", true},
		{CertLevel, "社会工作师", "社会工作师", true}, {CertLevel, "中级", "社会工作师", true},
		{CertLevel, "高级社会工作师", "高级社会工作师", true}, {CertLevel, "高级", "高级社会工作师", true},
		{CertLevel, "无", "无", true}, {CertLevel, "心理咨询师", "", false},
		{OrgType, "社会工作服务机构", "社会工作服务机构", true}, {OrgType, "残疾人福利与服务机构", "残疾人福利与服务机构", true},
		{OrgType, "民办非企业单位", "民办非企业单位", false},
	} {
		got, ok := c.fn(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("%q → %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestBool(t *testing.T) {
	for in, want := range map[string]bool{"是": true, "Y": true, "y": true, "√": true, "1": true, "TRUE": true, "否": false, "N": false, "×": false, "0": false, "FALSE": false} {
		if got, ok := Bool(in); !ok || got != want {
			t.Errorf("Bool(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "也许", "2"} {
		if _, ok := Bool(in); ok {
			t.Errorf("Bool(%q) parsed; want unknown", in)
		}
	}
}

func TestIDNumber(t *testing.T) {
	for _, c := range []struct {
		in            string
		want          string
		well, numeric bool
	}{
		{"11010519491231002X", "11010519491231002X", true, false}, {"11010519491231002x", "11010519491231002X", true, false},
		{"１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", true, false}, {" 110105 19491231 002X ", "11010519491231002X", true, false},
		{"4.10102199001011E+17", "410102199001011000", false, true}, {"110105194912310.0", "110105194912310", false, true},
		{"1101051949123100", "1101051949123100", false, false}, {"11010519491231002Y", "11010519491231002Y", false, false},
	} {
		id, well, numeric := IDNumber(c.in)
		if id != c.want || well != c.well || numeric != c.numeric {
			t.Errorf("IDNumber(%q) = %q, %v, %v; want %q, %v, %v", c.in, id, well, numeric, c.want, c.well, c.numeric)
		}
	}
}

func TestCreditCode(t *testing.T) {
	for _, c := range []struct {
		in, want string
		well     bool
	}{
		{"91350100M000100Y43", "91350100M000100Y43", true}, {"91350100m000100y43", "91350100M000100Y43", true},
		{"９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43", true}, {"91350100M000100I43", "91350100M000100I43", false},
		{"9135", "9135", false},
	} {
		code, well := CreditCode(c.in)
		if code != c.want || well != c.well {
			t.Errorf("CreditCode(%q) = %q, %v; want %q, %v", c.in, code, well, c.want, c.well)
		}
	}
}

func TestHeader(t *testing.T) {
	for in, want := range map[string]string{
		"受援县（市、区）": "受援县(市、区)", "受援县(市,区)": "受援县(市、区)", "受援县（市，区）": "受援县(市、区)", "受援县(市/区)": "受援县(市、区)",
		" 援派机构\n名称 ": "援派机构名称", "*姓名": "姓名", "工作 年度：": "工作年度", "民政部补助资金（万元）": "民政部补助资金(万元)",
		"Ａ，Ｂ": "A,B",
	} {
		if got := Header(in); got != want {
			t.Errorf("Header(%q) = %q; want %q", in, got, want)
		}
	}
	for in, want := range map[string]float64{"民政部补助资金(万元)": 10000, "省级配套资金(元)": 1, "其他资金": 0} {
		if _, got := Unit(in); got != want {
			t.Errorf("Unit(%q) scale = %v; want %v", in, got, want)
		}
	}
}

func TestTextAndFold(t *testing.T) {
	for in, want := range map[string]string{"　甘肃省民政厅　": "甘肃省民政厅", "ＡＢＣ１２３": "ABC123", "a \n b": "a b", "plain": "plain"} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q; want %q", in, got, want)
		}
	}
}
