package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qianshou/qianshou/internal/result"
)

// phrase is one of the report's own labels in both languages; the messages themselves come
// translated in the Result.
type phrase struct{ zh, en string }

// in returns the phrase in lang: English for "en", Chinese otherwise (the default).
func (p phrase) in(lang string) string {
	if lang == "en" {
		return p.en
	}
	return p.zh
}

// The report's own words. Phrases with a verb take fmt arguments.
var (
	phrasePassed      = phrase{"通过", "PASS"}
	phraseFailed      = phrase{"未通过", "FAIL"}
	phraseFiles       = phrase{"文件", "Files"}
	phraseRowsRead    = phrase{"读取行数", "Rows read"}
	phraseErrors      = phrase{"错误", "Errors"}
	phraseWarnings    = phrase{"警告", "Warnings"}
	phraseInfos       = phrase{"提示", "Infos"}
	phraseWaived      = phrase{"已豁免", "Waived"}
	phraseNew         = phrase{"新增", "New"}
	phraseFixed       = phrase{"已修复", "Fixed"}
	phraseRule        = phrase{"规则", "Rule"}
	phraseSeverity    = phrase{"级别", "Severity"}
	phraseTitle       = phrase{"标题", "Title"}
	phraseStatus      = phrase{"状态", "Status"}
	phraseFile        = phrase{"文件", "File"}
	phraseLocation    = phrase{"位置", "Location"}
	phraseMessage     = phrase{"说明", "Message"}
	phraseRuleStatus  = phrase{"规则执行情况", "Rules"}
	phraseViolations  = phrase{"问题清单", "Violations"}
	phraseNoViolation = phrase{"未发现问题。", "No violations found."}
	phraseWholeBatch  = phrase{"整批数据（不属于单个文件）", "Whole batch (no single file)"}
	phraseExpired     = phrase{"已过期的豁免（不再生效）", "Expired waivers (no longer applied)"}
	phraseExpires     = phrase{"到期日", "Expires"}
	phraseReason      = phrase{"理由", "Reason"}
	phraseFixedList   = phrase{"已修复的问题（基线中有、本次未再出现，按指纹）", "Fixed since the baseline (fingerprints)"}
	phraseRowN        = phrase{"第 %d 行", "row %d"}
	phraseRowsN       = phrase{"第 %s 行", "rows %s"}
	phraseEvidence    = phrase{"证据", "evidence"}
	phraseWaivedBy    = phrase{"已豁免：%s", "waived: %s"}
	phraseUntil       = phrase{"（有效期至 %s）", " (until %s)"}
	phraseCount       = phrase{"%d 个问题", "%d violation(s)"}
	phraseAndMore     = phrase{"…… 另有 %d 条未列出", "… and %d more"}
)

// severityName is a severity as people read it.
func severityName(lang string, s result.Severity) string {
	switch s {
	case result.Error:
		return phrase{"错误", "error"}.in(lang)
	case result.Warning:
		return phrase{"警告", "warning"}.in(lang)
	case result.Info:
		return phrase{"提示", "info"}.in(lang)
	}
	return string(s)
}

// statusName is a rule's status with its figures: failed (count), skipped (why).
func statusName(lang string, rs result.RuleStatus) string {
	switch rs.Status {
	case "passed":
		return phrase{"通过", "passed"}.in(lang)
	case "failed":
		s := phrase{"未通过", "failed"}.in(lang) + " (" + strconv.Itoa(rs.Violations)
		if rs.Waived > 0 {
			s += ", " + phrase{"已豁免", "waived"}.in(lang) + " " + strconv.Itoa(rs.Waived)
		}
		return s + ")"
	case "skipped":
		s := phrase{"跳过", "skipped"}.in(lang)
		if rs.Reason != "" {
			s += " (" + rs.Reason + ")"
		}
		return s
	case "disabled":
		return phrase{"已停用", "disabled"}.in(lang)
	}
	return rs.Status
}

// verdict is the run's pass/fail word.
func verdict(lang string, passed bool) string {
	if passed {
		return phrasePassed.in(lang)
	}
	return phraseFailed.in(lang)
}

// cellOrRow says where a violation is within its sheet: "F7", "第 7 行" or "".
func cellOrRow(lang string, v result.Violation) string {
	if v.Cell == "" && v.Row > 0 {
		return fmt.Sprintf(phraseRowN.in(lang), v.Row)
	}
	return v.Cell
}

// summaryCounts are the run's figures as "label n": files, rows, counts by severity, waived,
// and new and fixed when a baseline was given.
func summaryCounts(lang string, s result.Summary) []string {
	counts := []string{
		phraseFiles.in(lang) + " " + strconv.Itoa(s.Files),
		phraseRowsRead.in(lang) + " " + strconv.Itoa(s.Rows),
		phraseErrors.in(lang) + " " + strconv.Itoa(s.Errors),
		phraseWarnings.in(lang) + " " + strconv.Itoa(s.Warnings),
		phraseInfos.in(lang) + " " + strconv.Itoa(s.Infos),
		phraseWaived.in(lang) + " " + strconv.Itoa(s.Waived),
	}
	if s.New != nil {
		counts = append(counts, phraseNew.in(lang)+" "+strconv.Itoa(*s.New))
	}
	if s.Fixed != nil {
		counts = append(counts, phraseFixed.in(lang)+" "+strconv.Itoa(*s.Fixed))
	}
	return counts
}

// place says where a violation is within its file: "援派人员!F7", "援派人员 第 7 行", "援派人员" or "".
func place(lang string, v result.Violation) string {
	at := cellOrRow(lang, v)
	switch {
	case v.Sheet == "" || at == "":
		return v.Sheet + at
	case v.Cell == "":
		return v.Sheet + " " + at
	}
	return v.Sheet + "!" + at
}

// evidence lists the rows a group violation rests on ("" when it has none): the Evidence refs
// when given (they may span sheets and files), else Rows in the violation's own sheet. Rows of
// one sheet are listed together: "援派人员 第 4、9 行".
func evidence(lang string, v result.Violation) string {
	refs := v.Evidence
	if len(refs) == 0 {
		for _, row := range v.Rows {
			refs = append(refs, result.Ref{File: v.File, Row: row})
		}
	}
	if len(refs) == 0 {
		return ""
	}
	var parts []string
	for start := 0; start < len(refs); {
		end, rows := start, []string{}
		for ; end < len(refs) && refs[end].File == refs[start].File && refs[end].Sheet == refs[start].Sheet; end++ {
			if refs[end].Row > 0 {
				rows = append(rows, strconv.Itoa(refs[end].Row))
			}
		}
		var where []string
		if refs[start].File != v.File {
			where = append(where, refs[start].File)
		}
		if refs[start].Sheet != "" {
			where = append(where, refs[start].Sheet)
		}
		if len(rows) == 1 {
			where = append(where, fmt.Sprintf(phraseRowN.in(lang), refs[start].Row))
		} else if len(rows) > 1 {
			where = append(where, fmt.Sprintf(phraseRowsN.in(lang), strings.Join(rows, phrase{"、", ", "}.in(lang))))
		}
		parts = append(parts, strings.Join(where, " "))
		start = end
	}
	return phraseEvidence.in(lang) + phrase{"：", ": "}.in(lang) + strings.Join(parts, phrase{"；", "; "}.in(lang))
}

// waiverNote says why a violation is waived ("" when it is not).
func waiverNote(lang string, v result.Violation) string {
	if v.Waived == nil {
		return ""
	}
	s := fmt.Sprintf(phraseWaivedBy.in(lang), v.Waived.Reason)
	if v.Waived.Expires != "" {
		s += fmt.Sprintf(phraseUntil.in(lang), v.Waived.Expires)
	}
	return s
}
