package reference

// Province is a province-level division: its full name, the short name people write and its
// 2-digit GB/T 2260 code.
type Province struct{ Name, Short, Code string }

// provinces lists all 34 province-level divisions, sorted by code.
var provinces = []Province{
	{"北京市", "北京", "11"},
	{"天津市", "天津", "12"},
	{"河北省", "河北", "13"},
	{"山西省", "山西", "14"},
	{"内蒙古自治区", "内蒙古", "15"},
	{"辽宁省", "辽宁", "21"},
	{"吉林省", "吉林", "22"},
	{"黑龙江省", "黑龙江", "23"},
	{"上海市", "上海", "31"},
	{"江苏省", "江苏", "32"},
	{"浙江省", "浙江", "33"},
	{"安徽省", "安徽", "34"},
	{"福建省", "福建", "35"},
	{"江西省", "江西", "36"},
	{"山东省", "山东", "37"},
	{"河南省", "河南", "41"},
	{"湖北省", "湖北", "42"},
	{"湖南省", "湖南", "43"},
	{"广东省", "广东", "44"},
	{"广西壮族自治区", "广西", "45"},
	{"海南省", "海南", "46"},
	{"重庆市", "重庆", "50"},
	{"四川省", "四川", "51"},
	{"贵州省", "贵州", "52"},
	{"云南省", "云南", "53"},
	{"西藏自治区", "西藏", "54"},
	{"陕西省", "陕西", "61"},
	{"甘肃省", "甘肃", "62"},
	{"青海省", "青海", "63"},
	{"宁夏回族自治区", "宁夏", "64"},
	{"新疆维吾尔自治区", "新疆", "65"},
	{"台湾省", "台湾", "71"},
	{"香港特别行政区", "香港", "81"},
	{"澳门特别行政区", "澳门", "82"},
}

// provinceByName indexes provinces by full and short name.
var provinceByName = func() map[string]Province {
	m := make(map[string]Province, 2*len(provinces))
	for _, p := range provinces {
		m[p.Name] = p
		m[p.Short] = p
	}
	// Half-official spellings seen in workbooks: the autonomous region without its people's name.
	for other, full := range map[string]string{"广西自治区": "广西壮族自治区", "宁夏自治区": "宁夏回族自治区", "新疆自治区": "新疆维吾尔自治区"} {
		m[other] = m[full]
	}
	return m
}()

// Provinces returns all 34 province-level divisions, sorted by code.
func Provinces() []Province {
	return append([]Province(nil), provinces...)
}

// LookupProvince finds a province by its full name ("广西壮族自治区") or short name ("广西"),
// after trimming and folding full-width characters. Other spellings ("内蒙古区") are not guessed.
func LookupProvince(s string) (Province, bool) {
	p, ok := provinceByName[normalize(s)]
	return p, ok
}
