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
