package reference

import (
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func TestDefaultCounties(t *testing.T) {
	c := DefaultCounties()
	if c.Source != "embedded" || len(c.All()) != 160 {
		t.Fatalf("source %q, %d counties; want embedded, 160", c.Source, len(c.All()))
	}
	want := []struct {
		short string
		n     int
	}{{"内蒙古", 10}, {"广西", 20}, {"重庆", 4}, {"四川", 25}, {"贵州", 20},
		{"云南", 27}, {"陕西", 11}, {"甘肃", 23}, {"青海", 15}, {"宁夏", 5}}
	provs := c.Provinces()
	if len(provs) != len(want) {
		t.Fatalf("Provinces() = %v, want %d provinces", provs, len(want))
	}
	for i, w := range want {
		p, _ := LookupProvince(w.short)
		if provs[i] != p.Name {
			t.Errorf("Provinces()[%d] = %s, want %s (file order)", i, provs[i], p.Name)
		}
		if got := len(c.InProvince(w.short)); got != w.n {
			t.Errorf("InProvince(%s): %d counties, want %d", w.short, got, w.n)
		}
	}
	codes := map[string]bool{}
	sixDigits := regexp.MustCompile(`^[0-9]{6}$`)
	for _, county := range c.All() {
		if !sixDigits.MatchString(county.Code) || codes[county.Code] {
			t.Errorf("%s %s: code %q missing or repeated", county.Province, county.Name, county.Code)
		}
		codes[county.Code] = true
		if county.Verified < 0 || county.Verified > 2 {
			t.Errorf("%s: verified %d, want 0–2", county.Name, county.Verified)
		}
	}
}

func TestCountiesLookup(t *testing.T) {
	c := DefaultCounties()
	tests := []struct {
		province, name string
		want           string // canonical county name; "" for not found
	}{
		{"广西壮族自治区", "融水苗族自治县", "融水苗族自治县"},
		{"广西壮族自治区", "融水县", "融水苗族自治县"},
		{"广西", "融水", "融水苗族自治县"},
		{"广西壮族自治区", "\u3000融水县 ", "融水苗族自治县"},
		{"内蒙古自治区", "科右前旗", "科尔沁右翼前旗"},
		{"甘肃省", "融水县", ""}, // right county, wrong province
		{"广西壮族自治区", "融水苗族", ""},
		{"不存在省", "融水县", ""},
	}
	for _, tt := range tests {
		got, ok := c.Lookup(tt.province, tt.name)
		if ok != (tt.want != "") || got.Name != tt.want {
			t.Errorf("Lookup(%q, %q) = %q, %v; want %q", tt.province, tt.name, got.Name, ok, tt.want)
		}
	}
	if f := c.Find("融水县"); len(f) != 1 || f[0].Province != "广西壮族自治区" {
		t.Errorf("Find(融水县) = %+v, want the one in 广西", f)
	}
	if f := c.Find("北京县"); len(f) != 0 {
		t.Errorf("Find(北京县) = %+v, want none", f)
	}
}

// Bare names repeat across provinces in real division lists (the embedded 160 happen to have
// none), so a user file may list one twice: Find returns both, Lookup tells them apart.
func TestCountiesSameNameInTwoProvinces(t *testing.T) {
	const file = "province,prefecture,county,code,aliases,verified\n" +
		"甘肃,兰州市,城关区,620102,,\n" +
		"西藏自治区,拉萨市,城关区,540102,老城区,2\n"
	c, err := LoadCounties(strings.NewReader(file), "two.csv")
	if err != nil {
		t.Fatal(err)
	}
	f := c.Find("城关区")
	if len(f) != 2 || f[0].Province != "甘肃省" || f[1].Province != "西藏自治区" {
		t.Fatalf("Find(城关区) = %+v, want 甘肃 then 西藏", f)
	}
	if got, _ := c.Lookup("西藏", "城关区"); got.Code != "540102" || got.Verified != 2 {
		t.Errorf("Lookup(西藏, 城关区) = %+v", got)
	}
	if got, _ := c.Lookup("甘肃省", "城关区"); got.Code != "620102" || got.Verified != 0 {
		t.Errorf("Lookup(甘肃省, 城关区) = %+v", got)
	}
	if _, ok := c.Lookup("甘肃省", "老城区"); ok {
		t.Error("an alias of 西藏's 城关区 matched in 甘肃")
	}
	if c.Source != "two.csv" {
		t.Errorf("Source = %q", c.Source)
	}
}

// A file saved by Excel or WPS starts with a BOM and may carry full-width characters and spaces.
func TestLoadCountiesTolerates(t *testing.T) {
	const file = "\ufeffprovince,prefecture,county,code,aliases,verified\r\n" +
		"\r\n" +
		" 广西壮族自治区 ,柳州市,融水苗族自治县,４５０２２５, 融水县 | 融水 |融水县,１\r\n"
	c, err := LoadCounties(strings.NewReader(file), "excel.csv")
	if err != nil {
		t.Fatal(err)
	}
	got := c.All()
	if len(got) != 1 || got[0].Code != "450225" || got[0].Verified != 1 ||
		strings.Join(got[0].Aliases, "|") != "融水县|融水" {
		t.Errorf("All() = %+v", got)
	}
}

func TestLoadCountiesErrors(t *testing.T) {
	const header = "province,prefecture,county,code,aliases,verified\n"
	const good = "广西壮族自治区,柳州市,融水苗族自治县,450225,融水县,1\n"
	tests := []struct {
		name, file string
		line       int
		wantMsg    string
	}{
		{"empty", "", 1, "没有县"},
		{"header only", header, 1, "没有县"},
		{"wrong header", "省份,地市,县,代码,别名,核实\n" + good, 1, "表头应为"},
		{"too few columns", header + good + "甘肃省,定西市,岷县\n", 3, "应有 6 列，实有 3 列"},
		{"unknown province", header + "甘粛省,定西市,岷县,621126,,1\n", 2, "甘粛省"},
		{"empty county", header + "甘肃省,定西市,,621126,,1\n", 2, "县名为空"},
		{"code not 6 digits", header + "甘肃省,定西市,岷县,62112,,1\n", 2, "62112"},
		{"code of another province", header + "甘肃省,定西市,岷县,451126,,1\n", 2, "以 62 开头"},
		{"verified not a number", header + "甘肃省,定西市,岷县,621126,,yes\n", 2, "非负整数"},
		{"verified negative", header + "甘肃省,定西市,岷县,621126,,-1\n", 2, "非负整数"},
		{"same name twice", header + good + good, 3, "与第 2 行重复"},
		{"alias is another county's name", header + good + "广西,柳州市,融水县,450299,,1\n", 3, "“融水县”与第 2 行重复"},
		{"bad quoting", header + good + "甘肃省,\"定西市,岷县,621126,,1\n", 3, "CSV 格式错误"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadCounties(strings.NewReader(tt.file), "my.csv")
			var ce *CountyFileError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *CountyFileError", err)
			}
			if ce.Source != "my.csv" || ce.Line != tt.line || !strings.Contains(ce.Msg, tt.wantMsg) {
				t.Errorf("err = %v (line %d), want my.csv line %d containing %q", err, ce.Line, tt.line, tt.wantMsg)
			}
			if ce.MsgEn == "" || !strings.HasPrefix(ce.Message("en"), "my.csv:") {
				t.Errorf("English message %q", ce.Message("en"))
			}
		})
	}
}

// Callers must not be able to change the shared default list through a returned slice.
func TestCountiesReturnsCopies(t *testing.T) {
	c := DefaultCounties()
	c.All()[0].Name = "changed"
	c.InProvince("广西")[0].Name = "changed"
	c.Find("融水县")[0].Name = "changed"
	c.Provinces()[0] = "changed"
	if c.All()[0].Name == "changed" || c.InProvince("广西")[0].Name == "changed" ||
		c.Find("融水县")[0].Name == "changed" || c.Provinces()[0] == "changed" {
		t.Error("a returned slice aliases the list")
	}
}

func TestDefaultCountiesConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, ok := DefaultCounties().Lookup("宁夏", "西吉县"); !ok {
				t.Error("西吉县 not found in 宁夏")
			}
		})
	}
	wg.Wait()
}
