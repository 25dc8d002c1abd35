package rules

import "github.com/qianshou/qianshou/internal/schema"

// viewDef describes a view: the rows a rule runs over. Views over a sheet carry every field of
// that sheet (schema.yaml) plus the fields Go adds here; the others are built in Go from the whole
// batch (dataset.go). The `derive:` section of rules.yaml adds fields computed by expressions.
type viewDef struct {
	name    string
	table   string   // schema sheet key of the source table; "" for built views
	fields  []string // fields added in Go (see doc.go for their meaning)
	anchors []string // named locations of a row; the first is the default
	key     []string // fields that identify a row in a fingerprint
}

// common fields of every view over a sheet.
var sheetFields = []string{"file", "table", "file_province", "report_date", "row_key"}

var personFields = []string{"org", "person", "id_numeric", "person_first", "person_days", "person_rows",
	"org_first", "org_days", "org_rows", "pair"}

var pairingFields = []string{"implied_mode", "county", "county_code", "key_county", "county_provinces",
	"dispatch_id", "recipient_id", "dispatch_name", "recipient_name"}

var viewDefs = []*viewDef{
	{name: "pairings", table: "pairings", fields: pairingFields, key: []string{"year", "dispatch_org", "recipient_org"}},
	{name: "workers", table: "workers", fields: personFields, key: []string{"year", "dispatch_org", "id_number", "name"}},
	{name: "trainees", table: "trainees", fields: personFields, key: []string{"year", "recipient_org", "id_number", "name"}},
	{name: "funds", table: "funds", fields: []string{"org", "pair"}, key: []string{"year", "dispatch_org"}},
	{name: "stations", table: "stations", fields: []string{"county"}, key: []string{"year", "recipient_county"}},
	{name: "logs", table: "logs", fields: []string{"person", "id_numeric"}, key: []string{"year", "id_number", "start"}},
	{name: "allocation", table: "allocation", fields: []string{"county"}, key: []string{"recipient_province", "mode", "dispatch_province", "recipient_county"}},
	{name: "pairs", fields: append(append([]string{}, pairingFields...), "conflict", "missing_side", "other_file", "other_dispatch_org", "other_county", "stated_dispatch_org", "dispatch_file",
		"recipient_file", "task_status"), anchors: []string{"recipient", "dispatch"}, key: []string{"year", "recipient_org"}},
	{name: "tasks", fields: []string{"recipient_province", "mode", "dispatch_province", "county", "pairs", "year", "filled", "filled_rows"},
		key: []string{"year", "recipient_province", "mode", "dispatch_province", "county"}},
	{name: "county_years", fields: []string{"province", "prefecture", "county", "code", "year"}, key: []string{"province", "county", "year"}},
	{name: "files", fields: []string{"file", "province", "side", "report_date", "report_date_text"}, key: []string{"file"}},
}

func viewByName(name string) *viewDef {
	for _, v := range viewDefs {
		if v.name == name {
			return v
		}
	}
	return nil
}

// fieldNames lists every field a view offers before derivation.
func (v *viewDef) fieldNames(s *schema.Schema) []string {
	var out []string
	table := v.table
	if v.name == "pairs" {
		table = "pairings" // a pair carries the fields of its pairing rows
	}
	if table != "" {
		for _, f := range s.Sheet(table).Fields {
			out = append(out, f.Key)
		}
		out = append(out, sheetFields...)
	}
	return append(out, v.fields...)
}

func (v *viewDef) hasAnchor(a string) bool {
	if len(v.anchors) == 0 {
		return a == ""
	}
	for _, x := range v.anchors {
		if x == a {
			return true
		}
	}
	return false
}
