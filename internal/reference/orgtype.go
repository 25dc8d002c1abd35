package reference

// OrgTypes are the nine legal-person types that may be 援派机构 or 受援机构, in the order of
// 二(二) of the policy.
var OrgTypes = []string{
	"社会工作服务机构",
	"儿童福利机构",
	"老年人福利机构",
	"救助保护机构",
	"特困人员供养服务机构",
	"优抚安置服务机构",
	"残疾人福利与服务机构",
	"青少年服务机构",
	"妇女儿童援助机构",
}

// CanonicalOrgType returns the policy's spelling of s when s is one of OrgTypes after trimming
// and folding full-width characters. Near misses are not guessed: the rule reports them.
func CanonicalOrgType(s string) (string, bool) {
	s = normalize(s)
	for _, t := range OrgTypes {
		if s == t {
			return t, true
		}
	}
	return "", false
}
