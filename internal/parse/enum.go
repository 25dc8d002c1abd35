package parse

import "strings"

// Mode reads 帮扶类型: 「跨省帮扶」/「跨省」 or 「省内帮扶」/「省内」.
func Mode(s string) (string, bool) {
	switch Compact(s) {
	case "跨省帮扶", "跨省", "跨省结对":
		return "跨省帮扶", true
	case "省内帮扶", "省内", "省内结对":
		return "省内帮扶", true
	}
	return "", false
}

// The 34 province-level divisions: canonical full name, then the short names people write.
var provinces = [][]string{
	{"北京市", "北京"}, {"天津市", "天津"}, {"河北省", "河北"}, {"山西省", "山西"},
	{"内蒙古自治区", "内蒙古"}, {"辽宁省", "辽宁"}, {"吉林省", "吉林"}, {"黑龙江省", "黑龙江"},
	{"上海市", "上海"}, {"江苏省", "江苏"}, {"浙江省", "浙江"}, {"安徽省", "安徽"},
	{"福建省", "福建"}, {"江西省", "江西"}, {"山东省", "山东"}, {"河南省", "河南"},
	{"湖北省", "湖北"}, {"湖南省", "湖南"}, {"广东省", "广东"}, {"广西壮族自治区", "广西", "广西自治区"},
	{"海南省", "海南"}, {"重庆市", "重庆"}, {"四川省", "四川"}, {"贵州省", "贵州"},
	{"云南省", "云南"}, {"西藏自治区", "西藏"}, {"陕西省", "陕西"}, {"甘肃省", "甘肃"},
	{"青海省", "青海"}, {"宁夏回族自治区", "宁夏", "宁夏自治区"}, {"新疆维吾尔自治区", "新疆", "新疆自治区"},
	{"台湾省", "台湾"}, {"香港特别行政区", "香港"}, {"澳门特别行政区", "澳门"},
}

var provinceByName = func() map[string]string {
	m := make(map[string]string)
	for _, names := range provinces {
		for _, n := range names {
			m[n] = names[0]
		}
	}
	return m
}()

// Province returns the canonical full name of a province-level division written in full or short:
// 「甘肃」 → 「甘肃省」, 「广西」 → 「广西壮族自治区」.
func Province(s string) (string, bool) {
	full, ok := provinceByName[Compact(s)]
	return full, ok
}

// OrgTypes are the nine legal-person types of 二(二) of the plan.
var OrgTypes = []string{
	"社会工作服务机构", "儿童福利机构", "老年人福利机构", "救助保护机构", "特困人员供养服务机构",
	"优抚安置服务机构", "残疾人福利与服务机构", "青少年服务机构", "妇女儿童援助机构",
}

// OrgType returns the org type as written (compacted) and whether it is one of the nine.
func OrgType(s string) (string, bool) {
	t := Compact(s)
	for _, k := range OrgTypes {
		if t == k {
			return t, true
		}
	}
	return t, false
}

// CertLevel reads 职业水平证书等级: 「助理社会工作师」/「初级」, 「社会工作师」/「中级」,
// 「高级社会工作师」/「高级」, 「无」.
func CertLevel(s string) (string, bool) {
	switch Compact(s) {
	case "助理社会工作师", "初级", "初级社会工作师":
		return "助理社会工作师", true
	case "社会工作师", "中级", "中级社会工作师":
		return "社会工作师", true
	case "高级社会工作师", "高级":
		return "高级社会工作师", true
	case "无", "没有", "未取得":
		return "无", true
	}
	return "", false
}

// Bool reads a yes/no cell: 「是」「Y」「√」 (yes), 「否」「N」「×」 (no); a boolean cell's raw 1/0 and
// TRUE/FALSE too. Empty is not a bool (unknown).
func Bool(s string) (value, ok bool) {
	switch strings.ToUpper(Compact(s)) {
	case "是", "Y", "YES", "√", "✓", "✔", "TRUE", "1", "已报考":
		return true, true
	case "否", "N", "NO", "×", "✗", "✘", "X", "FALSE", "0", "未报考":
		return false, true
	}
	return false, false
}
