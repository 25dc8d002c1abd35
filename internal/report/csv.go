package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/qianshou/qianshou/internal/result"
)

func init() { Register("csv", writeCSV) }

// csvHeader names the columns; they are the JSON report's field names, stable for scripts.
var csvHeader = []string{"severity", "rule", "title", "file", "sheet", "cell", "row", "value", "message", "policy_ref", "waived"}

// writeCSV writes one row per violation, UTF-8 with a byte-order mark so that Excel and WPS
// open Chinese text correctly. The waived column holds the waiver's reason.
func writeCSV(w io.Writer, r *result.Result, _ Options) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, v := range r.Violations {
		row := ""
		if v.Row > 0 {
			row = strconv.Itoa(v.Row)
		}
		waived := ""
		if v.Waived != nil {
			waived = v.Waived.Reason
		}
		record := []string{string(v.Severity), v.Rule, v.Title, v.File, v.Sheet, v.Cell, row, v.Value, v.Message, v.PolicyRef, waived}
		for i := range record {
			record[i] = inertCell(record[i])
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// inertCell keeps a spreadsheet from reading a value as a formula (OWASP CSV injection): text
// starting with = + - @ tab or carriage return gets a leading apostrophe, which Excel and WPS
// show as text and do not evaluate.
func inertCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
