package workbook

import (
	"archive/zip"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/qianshou/qianshou/internal/workbook/wbgen"
)

const workersCSV = "工作年度,援派机构名称,姓名,身份证号码,职业水平证书等级,从事社会工作服务起始时间,参与计划工作日数\n" +
	"2022,兰州市阳光社会工作服务中心,张三,ID1,社会工作师,2018-03,45\n"

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o444); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCSVEncodingsAndKind(t *testing.T) {
	text := strings.ReplaceAll(workersCSV, "ID1", id1)
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(strings.ReplaceAll(text, ",", "\t"))
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(text)
	for _, c := range []struct{ name, data, table string }{
		{"甘肃.csv", text, "workers"},
		{"甘肃-bom.csv", "\uFEFF" + strings.ReplaceAll(text, "\n", "\r\n"), "workers"},
		{"甘肃-unicode.txt", utf16, "workers"},
		{"甘肃-gbk.csv", gbk, "workers"},
		// Headers that 援派人员 and 受援人员 share: the file name says which table it is.
		{"2022年受援人员.csv", "工作年度,受援机构,姓名,身份证号码,参与计划工作日数\n2022,东乡县社会工作服务站,张三," + id1 + ",120\n", "trainees"},
	} {
		wb := Read(writeFile(t, c.name, []byte(c.data)), "province", Options{})
		tab := wb.Tables[c.table]
		if wb.Unreadable || tab == nil || len(tab.Records()) != 1 {
			t.Errorf("%s: tables %v, problems %+v", c.name, wb.Tables, wb.Problems)
			continue
		}
		rec := &tab.Records()[0]
		if rec.Sheet != "" || rec.Row != 2 || recGet(tab, rec, "name").Typed != "张三" || recGet(tab, rec, "name").Col != "C" {
			t.Errorf("%s: record %+v", c.name, rec)
		}
		for _, p := range wb.Problems {
			if p.Code == "missing-sheet" {
				t.Errorf("%s: a CSV is never short of sheets: %+v", c.name, p)
			}
		}
	}
}

func TestEncryptedWorkbooks(t *testing.T) {
	save := func(password string) string {
		b := newBook(t).sheet("结对关系", pairingHeader, pairingRow(1, "兰州市阳光社会工作服务中心", codeA))
		path := filepath.Join(t.TempDir(), "secret.xlsx")
		if err := b.f.SaveAs(path, excelize.Options{Password: password}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	secret := save("s3cret")
	cases := []struct {
		path, password, reason string
		readable               bool
	}{
		{secret, "s3cret", "", true},
		{secret, "", "--password", false},
		{secret, "wrong", "密码不正确", false},
		{save(defaultPassword), "", "", true}, // Excel's silent default password
	}
	for _, c := range cases {
		wb := Read(c.path, "province", Options{Password: c.password})
		if wb.Unreadable == c.readable {
			t.Errorf("password %q: unreadable=%v, problems %+v", c.password, wb.Unreadable, wb.Problems)
			continue
		}
		if c.readable && len(wb.Tables["pairings"].Records()) != 1 {
			t.Errorf("password %q: %+v", c.password, wb.Tables)
		}
		if !c.readable && !strings.Contains(wb.Problems[0].Detail["reason"], c.reason) {
			t.Errorf("password %q: reason %q, want it to mention %q", c.password, wb.Problems[0].Detail["reason"], c.reason)
		}
	}
}

func zipOf(t *testing.T, name string, parts map[string]string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, _ := os.Create(path)
	zw := zip.NewWriter(f)
	for n, body := range parts {
		w, _ := zw.Create(n)
		w.Write([]byte(body))
	}
	zw.Close()
	f.Close()
	return path
}

func TestFilesThatAreNotWorkbooks(t *testing.T) {
	for _, c := range []struct {
		path, says string
	}{
		{zipOf(t, "plan.ods", map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}), ".ods"},
		{zipOf(t, "plan.numbers", map[string]string{"Index/Document.iwa": "x"}), ".numbers"},
		{zipOf(t, "plan.xlsb", map[string]string{"[Content_Types].xml": "<x/>", "xl/workbook.bin": "x"}), ".xlsb"},
		{zipOf(t, "plan.xlsx", map[string]string{"xl/worksheets/sheet1.xml": "<x/>"}), "[Content_Types].xml"},
		{writeFile(t, "plan.xls", []byte("not a workbook at all")), "纯文本"},
		{writeFile(t, "plan.xlsx", []byte{0, 1, 2, 3, 0, 0, 0, 0}), "无法识别"},
		{writeFile(t, "empty.xlsx", nil), "文件是空的"},
		{writeFile(t, "empty.csv", nil), "文件是空的"},
		{writeFile(t, "blank.csv", []byte("\xef\xbb\xbf\r\n\r\n")), "文件是空的"},
		// No known header at all: one problem naming what was found, not a missing column per field.
		{writeFile(t, "export.csv", []byte("x,y\n1,2\n")), "找到的表头：x、y"},
		{filepath.Join(t.TempDir(), "absent.xlsx"), "不存在"},
		{t.TempDir(), "无法打开"},
	} {
		wb := Read(c.path, "province", Options{})
		if !wb.Unreadable || len(wb.Problems) != 1 || wb.Problems[0].Code != "file-unreadable" || wb.Problems[0].Loc.File != c.path {
			t.Errorf("%s: %+v", c.path, wb.Problems)
			continue
		}
		if d := wb.Problems[0].Detail; !strings.Contains(d["reason"], c.says) || d["reason_en"] == "" {
			t.Errorf("%s: reason %q, want it to mention %q", c.path, d["reason"], c.says)
		}
	}
}

// A sheet whose XML ends early must not pass for a short sheet: excelize's iterator stops there
// with no error.
func TestTruncatedSheetIsUnreadable(t *testing.T) {
	full := filepath.Join(t.TempDir(), "full.xlsx")
	if err := wbgen.WriteFile(full, 1000); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(full)
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b strings.Builder
		buf := make([]byte, 1<<16)
		for {
			n, err := rc.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		rc.Close()
		parts[f.Name] = b.String()
	}
	zr.Close()
	if wb := Read(full, "province", Options{}); wb.Unreadable || wb.Rows() != 1000 {
		t.Fatalf("the whole file: %d rows, %+v", wb.Rows(), wb.Problems)
	}
	sheet := parts["xl/worksheets/sheet1.xml"]
	parts["xl/worksheets/sheet1.xml"] = sheet[:len(sheet)*6/10]
	wb := Read(zipOf(t, "cut.xlsx", parts), "province", Options{})
	if !wb.Unreadable || wb.Rows() != 0 || !strings.Contains(wb.Problems[0].Detail["reason"], "结对关系") {
		t.Errorf("truncated sheet: unreadable=%v rows=%d %+v", wb.Unreadable, wb.Rows(), wb.Problems)
	}
}

// Reading never writes: the bytes and the modification time of every input stay as they were.
func TestInputFilesAreUntouched(t *testing.T) {
	paths := []string{
		newBook(t).sheet("结对关系", pairingHeader, pairingRow(1, "兰州市阳光社会工作服务中心", codeA)).save(),
		writeFile(t, "w.csv", []byte(strings.ReplaceAll(workersCSV, "ID1", id1))),
	}
	if entries, err := os.ReadDir(corpusDir); err == nil {
		for _, e := range entries {
			paths = append(paths, filepath.Join(corpusDir, e.Name()))
		}
	}
	for _, p := range paths {
		before, _ := os.ReadFile(p)
		st, _ := os.Stat(p)
		wb := Read(p, "province", Options{Password: "password"})
		after, _ := os.ReadFile(p)
		st2, _ := os.Stat(p)
		if sha256.Sum256(before) != sha256.Sum256(after) || !st.ModTime().Equal(st2.ModTime()) {
			t.Errorf("%s changed by reading", p)
		}
		if wb.SHA256 == "" && !wb.Unreadable {
			t.Errorf("%s: no SHA256", p)
		}
	}
}

// The allocation table dropped into the folder of province workbooks (and so read as one) is told
// apart: one file-level problem saying to pass it with -a, not missing columns of a 结对关系 its
// headers half match.
func TestAllocationTableReadAsProvinceSaysUseA(t *testing.T) {
	path := newBook(t).sheet("任务分配表",
		r("序号", "受援省份", "帮扶类型", "援派省份", "受援县(市、区)", "结对数"),
		r(1, "宁夏", "跨省帮扶", "福建", "", 5),
	).save()
	wb := Read(path, "province", Options{})
	if !wb.Unreadable || len(wb.Problems) != 1 || !strings.Contains(wb.Problems[0].Detail["reason"], "-a") {
		t.Fatalf("problems %+v", wb.Problems)
	}
	if alloc := Read(path, "allocation", Options{}); alloc.Unreadable || len(alloc.Tables["allocation"].Records()) != 1 {
		t.Errorf("as the allocation table: %+v", alloc.Problems)
	}
}

// A province that calls its 结对关系 sheet 结对任务 (an alias of the allocation table) still has its
// pairings read.
func TestPairingsSheetNamedLikeTheAllocationTable(t *testing.T) {
	path := newBook(t).sheet("结对任务",
		r("工作年度", "帮扶类型", "援派省份", "援派机构名称", "援派机构统一社会信用代码", "援派机构类型",
			"受援省份", "受援县(市、区)", "受援机构名称", "受援机构统一社会信用代码", "受援机构类型"),
		r(2022, "跨省帮扶", "福建", "福州市鼓楼区阳光社会工作服务中心", "", "社会工作服务机构",
			"宁夏", "西吉县", "西吉县同心社会工作服务中心", "", "社会工作服务机构"),
	).save()
	wb := Read(path, "province", Options{})
	if wb.Unreadable || wb.Tables["pairings"] == nil || len(wb.Tables["pairings"].Records()) != 1 {
		t.Errorf("tables %v, problems %+v", wb.Tables, wb.Problems)
	}
}
