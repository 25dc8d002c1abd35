package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/qianshou/qianshou/internal/result"
)

// reportSchema compiles the published JSON Schema, asserting formats (dates) too.
func reportSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile("../../schema/report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validate(t *testing.T, sch *jsonschema.Schema, doc []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(inst)
}

func TestJSONGoldenMatchesSchema(t *testing.T) {
	out := render(t, "json", sampleResult(), Options{})
	checkGolden(t, "report.json", out)
	if err := validate(t, reportSchema(t), out); err != nil {
		t.Errorf("report.json does not match schema/report.schema.json: %v", err)
	}
	if !bytes.HasSuffix(out, []byte("}\n")) || !bytes.HasPrefix(out, []byte("{\n  \"format_version\": 1,")) {
		t.Errorf("want 2-space indent starting with format_version and a trailing newline, got %.40q…", out)
	}
}

// A run with nothing in it still gives the lists a consumer iterates over, and no null.
func TestJSONEmptyResultHasListsAndNoNull(t *testing.T) {
	r := &result.Result{Tool: "qianshou", Version: "0.1.0", AsOf: "2022-01-20", Lang: "en",
		Violations: []result.Violation{{Rule: "county-coverage", Severity: result.Error, Title: "t", Message: "m",
			Context: map[string]any{"county": "东乡族自治县", "actual": nil}}}}
	r.Violations[0].Context["required"] = nil
	out := render(t, "json", r, Options{})
	if bytes.Contains(out, []byte("null")) {
		t.Errorf("JSON contains null:\n%s", out)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"inputs", "rule_status"} {
		if list, ok := doc[key].([]any); !ok || len(list) != 0 {
			t.Errorf("%s = %v, want []", key, doc[key])
		}
	}
	if doc["format_version"] != 1.0 {
		t.Errorf("format_version = %v, want 1", doc["format_version"])
	}
	if err := validate(t, reportSchema(t), out); err != nil {
		t.Errorf("empty report does not match the schema: %v", err)
	}
}

// The schema test can fail: reports that break the contract are rejected.
func TestSchemaRejectsBrokenReports(t *testing.T) {
	sch := reportSchema(t)
	good := string(render(t, "json", sampleResult(), Options{}))
	for _, tc := range []struct{ name, from, to string }{
		{"null field", `"policy_ref": "一",`, `"policy_ref": null,`},
		{"unknown severity", `"severity": "warning",`, `"severity": "fatal",`},
		{"unknown field", `"format_version": 1,`, `"format_version": 1, "extra": true,`},
		{"wrong format version", `"format_version": 1,`, `"format_version": 2,`},
		{"row zero", `"row": 5,`, `"row": 0,`},
		{"bad date", `"as_of": "2022-01-20"`, `"as_of": "20.01.2022"`},
		{"null in context", `"year": 2022`, `"year": null`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(good, tc.from) {
				t.Fatalf("sample report lacks %s", tc.from)
			}
			if err := validate(t, sch, []byte(strings.Replace(good, tc.from, tc.to, 1))); err == nil {
				t.Error("schema accepted it")
			}
		})
	}
}

// The JSON reports of the real sample batch (testdata/golden, written by the CLI's golden test)
// match the published schema too: a real run exercises fields a synthetic Result may not.
func TestSampleBatchJSONMatchesSchema(t *testing.T) {
	paths, _ := filepath.Glob("../../testdata/golden/sample.*.json.json")
	if len(paths) == 0 {
		t.Fatal("no sample batch JSON reports in testdata/golden")
	}
	sch := reportSchema(t)
	for _, p := range paths {
		doc, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := validate(t, sch, doc); err != nil {
			t.Errorf("%s does not match schema/report.schema.json: %v", p, err)
		}
	}
}
