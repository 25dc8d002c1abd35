package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/qianshou/qianshou/internal/reference"
)

// run runs the command line and returns its exit code, stdout and stderr.
func run(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Main(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCountiesJSON(t *testing.T) {
	tests := []struct {
		args     []string
		want     int
		province string // every county's province, when filtered
	}{
		{[]string{"counties", "--format", "json"}, 160, ""},
		{[]string{"counties", "--format", "json", "--province", "甘肃"}, 23, "甘肃省"},
		{[]string{"counties", "-f", "json", "-p", "重庆市"}, 4, "重庆市"},
		{[]string{"counties", "-f", "json", "-p", "浙江"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := run(tt.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var doc struct {
				Source   string
				Note     string
				Counties []countyJSON
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Counties) != tt.want || doc.Source != "embedded" || !strings.Contains(doc.Note, "来源") {
				t.Errorf("%d counties from %q, note %q; want %d from embedded with the provenance", len(doc.Counties), doc.Source, doc.Note, tt.want)
			}
			for _, c := range doc.Counties {
				if tt.province != "" && c.Province != tt.province {
					t.Errorf("%s of %s listed", c.Name, c.Province)
				}
			}
		})
	}
}

func TestCountiesTableStatesProvenance(t *testing.T) {
	code, out, _ := run("counties")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"巴林左旗", "共 160 个县", "--counties", "verified=0"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if rows := strings.Count(out, "\n| "); rows != 161 { // the header and 160 counties
		t.Errorf("%d table rows, want 161", rows)
	}
}

// The CSV output is the --counties input format: edited and fed back, it gives the same list.
func TestCountiesCSVRoundTrip(t *testing.T) {
	code, out, errOut := run("counties", "--format", "csv")
	if code != ExitOK || !strings.Contains(errOut, "来源") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	back, err := reference.LoadCounties(strings.NewReader(out), "out.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.All(), reference.DefaultCounties().All()) {
		t.Error("the CSV does not read back as the same list")
	}
	path := filepath.Join(t.TempDir(), "mine.csv")
	lines := strings.SplitAfter(out, "\n")
	if err := os.WriteFile(path, []byte(strings.Join(lines[:3], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run("counties", "--counties", path, "-f", "json")
	if code != ExitOK || !strings.Contains(out, `"source": "`+path) || strings.Count(out, `"county":`) != 2 {
		t.Errorf("exit %d, output %s; want the user's two counties and their source", code, out)
	}
}

func TestCountiesBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("province,prefecture,county,code,aliases,verified\n江南省,,某县,,,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"counties", "--province", "江南"}, "甘肃省"},
		{[]string{"counties", "--format", "xml"}, "table, json, csv"},
		{[]string{"counties", "--counties", bad}, "bad.csv:2"},
		{[]string{"counties", "--counties", filepath.Join(t.TempDir(), "none.csv")}, "none.csv"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := run(tt.args...)
			if code != ExitUsage || !strings.Contains(errOut, tt.want) || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 naming %q", code, out, errOut, tt.want)
			}
		})
	}
}

func TestProvinceCompletion(t *testing.T) {
	for _, cmd := range []string{"counties", "template"} {
		code, out, _ := run("__complete", cmd, "--province", "")
		if code != ExitOK || !strings.Contains(out, "甘肃省\n") || !strings.Contains(out, "新疆维吾尔自治区\n") {
			t.Errorf("%s --province completes to %q", cmd, out)
		}
	}
	code, out, _ := run("__complete", "counties", "--format", "")
	if code != ExitOK || !strings.HasPrefix(out, "table\njson\ncsv\n") {
		t.Errorf("counties --format completes to %q", out)
	}
	code, out, _ = run("__complete", "template", "--kind", "")
	if code != ExitOK || !strings.HasPrefix(out, "province\nallocation\n") {
		t.Errorf("template --kind completes to %q", out)
	}
}
