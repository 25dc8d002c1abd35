package parse

import (
	"strings"

	"github.com/qianshou/qianshou/internal/reference"
)

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

// Province returns the canonical full name of a province-level division written in full or short:
// 「甘肃」 → 「甘肃省」, 「广西」 → 「广西壮族自治区」. The names are reference data.
func Province(s string) (string, bool) {
	p, ok := reference.LookupProvince(Compact(s))
	return p.Name, ok
}

// OrgType returns the org type as written (compacted) and whether it is one of the nine of
// reference.OrgTypes.
func OrgType(s string) (string, bool) {
	t := Compact(s)
	_, ok := reference.CanonicalOrgType(t)
	return t, ok
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
