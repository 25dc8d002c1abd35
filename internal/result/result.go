// Package result is the outcome of a check as plain data: what the rule engine produces and every
// report format consumes. It knows nothing of workbooks or rules, so report writers stay small.
package result

// Severity of a rule.
type Severity string

// The three severities, from the most to the least severe.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Rank orders severities: error 3, warning 2, info 1, anything else 0.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 3
	case Warning:
		return 2
	case Info:
		return 1
	}
	return 0
}

// Ref points at one row of one sheet (evidence of a group violation, or context.first).
type Ref struct {
	File  string `json:"file"`
	Sheet string `json:"sheet,omitempty"`
	Row   int    `json:"row,omitempty"`
}

// Waiver is the accepted exception that covers a violation.
type Waiver struct {
	Reason  string `json:"reason"`
	Expires string `json:"expires,omitempty"`
}

// Violation is one finding. Fields with no value are omitted from JSON.
type Violation struct {
	Rule      string   `json:"rule"`
	Severity  Severity `json:"severity"`
	Title     string   `json:"title"`
	Message   string   `json:"message"`
	PolicyRef string   `json:"policy_ref,omitempty"`
	File      string   `json:"file,omitempty"`
	Sheet     string   `json:"sheet,omitempty"`
	Row       int      `json:"row,omitempty"`
	Column    string   `json:"column,omitempty"`
	Cell      string   `json:"cell,omitempty"`
	Value     string   `json:"value,omitempty"`
	// Rows are the evidence rows of a group violation (in Evidence's sheets).
	Rows     []int `json:"rows,omitempty"`
	Evidence []Ref `json:"evidence,omitempty"`
	// Context holds the group's keys and the figures compared (year, dispatch_org, actual, required…).
	Context     map[string]any `json:"context,omitempty"`
	Fingerprint string         `json:"fingerprint,omitempty"`
	Waived      *Waiver        `json:"waived,omitempty"`
	// New is set only with --baseline.
	New *bool `json:"new,omitempty"`
}

// RuleStatus says what became of one rule in a run.
type RuleStatus struct {
	Rule       string   `json:"rule"`
	Severity   Severity `json:"severity"`
	Title      string   `json:"title"`
	PolicyRef  string   `json:"policy_ref,omitempty"`
	Status     string   `json:"status"` // passed | failed | skipped | disabled
	Violations int      `json:"violations,omitempty"`
	Waived     int      `json:"waived,omitempty"`
	Reason     string   `json:"reason,omitempty"`
}

// Input describes one input file.
type Input struct {
	File   string         `json:"file"`
	Kind   string         `json:"kind"` // province | allocation
	SHA256 string         `json:"sha256,omitempty"`
	Sheets map[string]int `json:"sheets,omitempty"`
	// Province is the workbook's 填报省份 (or the one inferred), when known.
	Province string `json:"province,omitempty"`
	// Side is "dispatch", "recipient", "both" or "" for a province workbook.
	Side string `json:"side,omitempty"`
	// Error is set when the file could not be read.
	Error string `json:"error,omitempty"`
}

// Summary counts a run. Errors/Warnings/Infos count violations that are not waived.
type Summary struct {
	Files    int  `json:"files"`
	Rows     int  `json:"rows"`
	Errors   int  `json:"errors"`
	Warnings int  `json:"warnings"`
	Infos    int  `json:"infos"`
	Waived   int  `json:"waived,omitempty"`
	New      *int `json:"new,omitempty"`
	Fixed    *int `json:"fixed,omitempty"`
	Passed   bool `json:"passed"`
}

// RulesInfo names the rule set used.
type RulesInfo struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// Coverage is the key-county coverage of one recipient province in one year (for the xlsx and
// HTML reports).
type Coverage struct {
	Province string   `json:"province"`
	Year     int      `json:"year"`
	Counties int      `json:"counties"`
	Paired   int      `json:"paired"`
	Missing  []string `json:"missing,omitempty"`
}

// Result is a whole run.
type Result struct {
	FormatVersion int          `json:"format_version"`
	Tool          string       `json:"tool"`
	Version       string       `json:"version"`
	Rules         RulesInfo    `json:"rules"`
	AsOf          string       `json:"as_of"`
	Lang          string       `json:"lang"`
	Summary       Summary      `json:"summary"`
	Inputs        []Input      `json:"inputs"`
	RuleStatus    []RuleStatus `json:"rule_status"`
	Coverage      []Coverage   `json:"coverage,omitempty"`
	Violations    []Violation  `json:"violations"`
	// Fixed lists the fingerprints of baseline violations no longer found (with --baseline).
	Fixed []string `json:"fixed,omitempty"`
	// Expired lists the waivers that no longer apply (with --waivers).
	ExpiredWaivers []ExpiredWaiver `json:"expired_waivers,omitempty"`
}

// ExpiredWaiver is a waiver whose expiry date has passed.
type ExpiredWaiver struct {
	Rule    string `json:"rule"`
	Reason  string `json:"reason"`
	Expires string `json:"expires"`
}
