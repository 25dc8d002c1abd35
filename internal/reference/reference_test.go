package reference

import "testing"

func TestLookupProvince(t *testing.T) {
	tests := []struct{ in, name, code string }{
		{"甘肃省", "甘肃省", "62"},
		{"甘肃", "甘肃省", "62"},
		{"内蒙古", "内蒙古自治区", "15"},
		{"广西", "广西壮族自治区", "45"},
		{"新疆", "新疆维吾尔自治区", "65"},
		{"宁夏", "宁夏回族自治区", "64"},
		{"西藏", "西藏自治区", "54"},
		{"香港", "香港特别行政区", "81"},
		{" 重庆市\u3000", "重庆市", "50"},
		{"内蒙古自治区", "内蒙古自治区", "15"},
		{"内蒙古区", "", ""},
		{"甘", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		p, ok := LookupProvince(tt.in)
		if ok != (tt.name != "") || p.Name != tt.name || p.Code != tt.code {
			t.Errorf("LookupProvince(%q) = %+v, %v; want %s %s", tt.in, p, ok, tt.name, tt.code)
		}
	}
}

func TestProvinces(t *testing.T) {
	ps := Provinces()
	if len(ps) != 34 {
		t.Fatalf("%d provinces, want 34", len(ps))
	}
	for i := 1; i < len(ps); i++ {
		if ps[i-1].Code >= ps[i].Code {
			t.Errorf("not sorted by code: %v before %v", ps[i-1], ps[i])
		}
	}
}

func TestCanonicalOrgType(t *testing.T) {
	if len(OrgTypes) != 9 {
		t.Fatalf("%d org types, want 9", len(OrgTypes))
	}
	tests := []struct {
		in   string
		want string
	}{
		{"社会工作服务机构", "社会工作服务机构"},
		{" 妇女儿童援助机构\n", "妇女儿童援助机构"},
		{"社工机构", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := CanonicalOrgType(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("CanonicalOrgType(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestDefaultCounties(t *testing.T) {
	c := DefaultCounties()
	if c.Source != "embedded" || len(c.All()) != 160 {
		t.Fatalf("source %q, %d counties; want embedded, 160", c.Source, len(c.All()))
	}
	want := map[string]int{"内蒙古": 10, "广西": 20, "重庆": 4, "四川": 25, "贵州": 20,
		"云南": 27, "陕西": 11, "甘肃": 23, "青海": 15, "宁夏": 5}
	for short, n := range want {
		if got := len(c.InProvince(short)); got != n {
			t.Errorf("InProvince(%s): %d counties, want %d", short, got, n)
		}
	}
	if got := len(c.Provinces()); got != len(want) {
		t.Errorf("Provinces(): %d, want %d", got, len(want))
	}
	got, ok := c.Lookup("广西壮族自治区", "融水县")
	if !ok || got.Name != "融水苗族自治县" || got.Code != "450225" {
		t.Errorf("Lookup(广西, 融水县) = %+v, %v", got, ok)
	}
	if _, ok := c.Lookup("甘肃省", "融水县"); ok {
		t.Error("融水县 found in 甘肃省")
	}
	if f := c.Find("融水"); len(f) != 1 || f[0].Province != "广西壮族自治区" {
		t.Errorf("Find(融水) = %+v", f)
	}
}
