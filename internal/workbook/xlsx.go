package workbook

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/schema"
)

// Limits against zip bombs: a province workbook is a few MB; excelize's default (16 GB) is no
// defence. A worksheet part is scanned whole (merges, formulas), so it may not unpack beyond
// maxSheetXML.
const (
	maxUnzip    = 1 << 30
	maxSheetXML = 512 << 20
)

// memSheetXML is the largest worksheet part excelize keeps in memory; a larger one goes to a
// temporary file that Rows() streams. Keeping every part in memory cost 275 MB at a million rows
// (the sum of all sheets, for the whole read); now a large part is unpacked only while it is scanned.
// An encrypted workbook is decrypted in memory anyway, so its parts stay there (up to maxSheetXML).
// A variable so that a test can send small sheets down the large-sheet path.
var memSheetXML int64 = 16 << 20

// defaultPassword is the password Excel uses, silently, for a workbook "encrypted" without one:
// Excel opens such a file without asking, so its users do not know it is encrypted.
const defaultPassword = "VelvetSweatshop"

func (r *reader) readXLSX(encrypted bool) {
	f, err := r.open(encrypted)
	if err != nil {
		return
	}
	defer f.Close()
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	r.wb.Date1904 = r.date1904
	names := f.GetSheetList()
	if len(names) == 0 {
		r.wb.fail("工作簿中没有任何工作表（文件可能已损坏）。请用 Excel 或 WPS 打开检查后重新保存为 .xlsx。",
			"the workbook has no sheets at all (the file may be damaged). Open it in Excel or WPS, check it and save it again as .xlsx.")
		return
	}
	r.wb.Sheets = names
	paths := sheetPaths(f)
	claimed := r.kindsByName(names)
	allocation := ""
	for _, name := range names {
		kind, form := r.kindOf(name, len(names))
		if kind == nil && !form {
			if r.isAllocationSheet(f, name) {
				allocation = name
				continue
			}
			if kind = r.kindByHeaders(f, name, claimed); kind == nil {
				continue
			}
		}
		if err := r.readSheet(f, name, paths[name], kind); err != nil {
			r.wb.fail(fmt.Sprintf("工作表“%s”无法完整读取（%v）。文件可能已损坏或被截断：请用 Excel 或 WPS 打开，检查数据是否完整后重新保存为 .xlsx。", name, err),
				fmt.Sprintf("sheet %q cannot be read completely (%v). The file may be damaged or truncated: open it in Excel or WPS, check the data and save it again as .xlsx.", name, err))
			return
		}
	}
	if allocation != "" && len(r.wb.Tables) == 0 {
		r.wb.fail("这是任务分配表（工作表“"+allocation+"”），不是省份报送的工作簿。请用 -a 指定它，例如 qianshou check -a "+
			filepath.Base(r.wb.Path)+" 各省报送/。",
			"this is the task-allocation table (sheet "+allocation+"), not a province's workbook. Pass it with -a, e.g. qianshou check -a "+
				filepath.Base(r.wb.Path)+" provinces/.")
		return
	}
	r.finish()
}

// open opens the workbook, trying Excel's default password on an encrypted one.
func (r *reader) open(encrypted bool) (*excelize.File, error) {
	opts := excelize.Options{RawCellValue: true, UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: memSheetXML}
	if encrypted {
		opts.UnzipXMLSizeLimit = maxSheetXML
	}
	passwords := []string{r.opt.Password}
	if encrypted {
		passwords = []string{defaultPassword}
		if r.opt.Password != "" {
			passwords = []string{r.opt.Password, defaultPassword}
		}
	}
	var err error
	for _, pw := range passwords {
		opts.Password = pw
		var f *excelize.File
		if f, err = excelize.OpenFile(r.wb.Path, opts); err == nil {
			return f, nil
		}
		if f != nil {
			f.Close()
		}
	}
	switch {
	case encrypted && errors.Is(err, excelize.ErrWorkbookPassword) && r.opt.Password == "":
		r.wb.fail("工作簿已加密（设置了打开密码）。请用 --password 提供密码，或在 Excel 中取消密码后另存为 .xlsx。",
			"the workbook is encrypted (it has an open password). Pass the password with --password, or remove it in Excel and save as .xlsx.")
	case encrypted && errors.Is(err, excelize.ErrWorkbookPassword):
		r.wb.fail("工作簿已加密，用 --password 提供的密码无法打开：密码不正确。请核对密码（区分大小写）。",
			"the workbook is encrypted and the password given with --password does not open it: the password is wrong. Check it (it is case-sensitive).")
	case encrypted:
		r.wb.fail("工作簿已加密，但加密方式不受支持或加密容器已损坏。请在 Excel 中打开，取消密码后另存为 .xlsx。",
			"the workbook is encrypted, but its encryption is not supported or the container is damaged. Open it in Excel, remove the password and save as .xlsx.")
	case errors.Is(err, excelize.ErrOptionsUnzipSizeLimit) || strings.Contains(err.Error(), "size limit") || strings.Contains(err.Error(), "exceeds"):
		r.wb.fail(fmt.Sprintf("工作簿解压后超过 %d MB，已拒绝读取（可能是恶意构造的文件）。", maxUnzip>>20),
			fmt.Sprintf("the workbook unpacks to more than %d MB and was refused (possibly a malicious file).", maxUnzip>>20))
	default:
		r.wb.fail("文件已损坏，无法作为 Excel 工作簿读取（"+err.Error()+"）。请用 Excel 或 WPS 打开修复后另存为 .xlsx。",
			"the file is damaged and cannot be read as an Excel workbook ("+err.Error()+"). Repair it in Excel or WPS and save it as .xlsx.")
	}
	return nil, err
}

// kindOf says which table a sheet holds, or whether it is the 基本信息 form. An allocation
// workbook's only sheet is its table whatever its name.
func (r *reader) kindOf(name string, sheets int) (kind *schema.Sheet, form bool) {
	for _, sh := range r.sheets {
		if sheetMatches(name, sheetNames(sh)) {
			return sh, false
		}
	}
	if r.wb.Kind == "province" && sheetMatches(name, append([]string{r.opt.Schema.Info.Sheet}, r.opt.Schema.Info.Aliases...)) {
		return nil, true
	}
	if r.wb.Kind == "allocation" && sheets == 1 && len(r.sheets) == 1 {
		return r.sheets[0], false
	}
	return nil, false
}

func (r *reader) readSheet(f *excelize.File, name, part string, kind *schema.Sheet) error {
	scan := sheetScan{complete: true}
	data := pkgPart(f, part)
	// a part excelize left on disk is streamed from the package: scanned, then read row by row
	var stream func() (io.ReadCloser, error)
	switch {
	case data != nil:
		scan = scanSheet(data)
	case part != "":
		stream = func() (io.ReadCloser, error) { return openPart(r.wb.Path, part) }
		s, err := scanStream(stream)
		switch {
		case errors.Is(err, errNoPart):
			stream = nil
		case err != nil:
			return err
		default:
			scan = s
		}
	}
	if !scan.complete {
		return errors.New("工作表 XML 不完整 / the sheet XML is truncated")
	}
	var opened []*excelize.Rows
	defer func() {
		for _, rows := range opened {
			rows.Close()
		}
	}()
	openExcelize := func() (rowSource, error) {
		rows, err := f.Rows(name)
		if err != nil {
			return nil, err
		}
		opened = append(opened, rows)
		return &excelRows{rows: rows}, nil
	}
	var rows rowSource
	sst, ok := r.sharedStrings(f)
	switch {
	case ok && data != nil:
		rows = newSheetRows(data, nil, sst, 0, openExcelize)
	case ok && stream != nil:
		part, err := stream()
		if err != nil {
			return err
		}
		defer part.Close()
		rows = newSheetRows(nil, part, sst, scan.lastRow, openExcelize)
	default:
		var err error
		if rows, err = openExcelize(); err != nil {
			return err
		}
	}
	src := withMerges(rows, scan.merges)
	if kind == nil {
		return r.readForm(src, name)
	}
	return r.readTable(src, name, kind, scan.noCache)
}

// sharedStrings returns the workbook's shared-string table for the byte-level row reader; ok is
// false when excelize must read the sheets instead.
func (r *reader) sharedStrings(f *excelize.File) (sst []string, ok bool) {
	if !r.sstRead {
		r.sstRead = true
		data := pkgPart(f, sharedStringsPart)
		if data == nil {
			var err error
			if data, err = zipPartWhere(r.wb.Path, func(name string) bool { return strings.EqualFold(name, sharedStringsPart) }); err != nil {
				return nil, false
			}
		}
		r.sst, r.sstOK = parseSharedStrings(data)
	}
	return r.sst, r.sstOK
}

// sharedStringsPart is where excelize reads the shared strings from, whatever the relationships say.
const sharedStringsPart = "xl/sharedStrings.xml"

// excelRows adapts excelize's streaming iterator. excelize yields every row number up to the last
// <row> element (gaps included), so the row number is the count of Next calls.
type excelRows struct {
	rows  *excelize.Rows
	row   int
	cells []string
	err   error
}

func (e *excelRows) Next() bool {
	if e.err != nil || !e.rows.Next() {
		return false
	}
	e.row++
	e.cells, e.err = e.rows.Columns()
	return e.err == nil
}

func (e *excelRows) Row() int        { return e.row }
func (e *excelRows) Cells() []string { return e.cells }
func (e *excelRows) Err() error {
	if e.err != nil {
		return e.err
	}
	return e.rows.Error()
}

// pkgPart returns the bytes of a package part excelize holds in memory, or nil.
func pkgPart(f *excelize.File, name string) []byte {
	if name == "" {
		return nil
	}
	v, ok := f.Pkg.Load(name)
	if !ok {
		return nil
	}
	b, _ := v.([]byte)
	return b
}

// errNoPart: the package has no such part.
var errNoPart = errors.New("no such part")

// openPart streams one part of the workbook's zip package (one excelize left on disk).
func openPart(path, name string) (io.ReadCloser, error) {
	return openPartWhere(path, func(n string) bool { return n == name })
}

// openPartWhere streams the first part whose name (slashes normalised) is, or fails with errNoPart.
func openPartWhere(path string, is func(name string) bool) (io.ReadCloser, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	for _, zf := range zr.File {
		name := strings.TrimPrefix(strings.ReplaceAll(zf.Name, `\`, "/"), "/")
		if !is(name) {
			continue
		}
		if zf.UncompressedSize64 > maxSheetXML {
			zr.Close()
			return nil, fmt.Errorf("%s unpacks to more than %d MB", name, maxSheetXML>>20)
		}
		rc, err := zf.Open()
		if err != nil {
			zr.Close()
			return nil, err
		}
		return partReader{io.LimitReader(rc, maxSheetXML), rc, zr}, nil
	}
	zr.Close()
	return nil, errNoPart
}

// partReader reads a part and closes it and its package.
type partReader struct {
	io.Reader
	part io.Closer
	pkg  *zip.ReadCloser
}

func (p partReader) Close() error {
	p.part.Close()
	return p.pkg.Close()
}

// zipPartWhere unpacks the first part whose name (slashes normalised) is, or nil.
func zipPartWhere(path string, is func(name string) bool) ([]byte, error) {
	rc, err := openPartWhere(path, is)
	if errors.Is(err, errNoPart) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
		Type   string `xml:"Type,attr"`
	} `xml:"Relationship"`
}

// sheetPaths maps sheet names to their worksheet part names, resolved the way excelize does
// (officeDocument relationship → workbook relationships), so the scan reads the same bytes.
func sheetPaths(f *excelize.File) map[string]string {
	out := map[string]string{}
	var root relationships
	if xml.Unmarshal(pkgPart(f, "_rels/.rels"), &root) != nil {
		return out
	}
	wbPath := ""
	for _, rel := range root.Rels {
		if strings.HasSuffix(rel.Type, "/officeDocument") {
			wbPath = strings.TrimPrefix(rel.Target, "/")
		}
	}
	if wbPath == "" || f.WorkBook == nil {
		return out
	}
	dir := path.Dir(wbPath)
	var rels relationships
	if xml.Unmarshal(pkgPart(f, strings.TrimPrefix(path.Join(dir, "_rels", path.Base(wbPath)+".rels"), "./")), &rels) != nil {
		return out
	}
	for _, sh := range f.WorkBook.Sheets.Sheet {
		for _, rel := range rels.Rels {
			if rel.ID != sh.ID {
				continue
			}
			target := strings.ReplaceAll(rel.Target, `\`, "/")
			if strings.HasPrefix(target, "/") {
				out[sh.Name] = path.Clean(strings.TrimPrefix(target, "/"))
			} else {
				out[sh.Name] = strings.TrimPrefix(path.Clean(path.Join(dir, target)), "./")
			}
		}
	}
	return out
}

// finish applies what needs the whole file: missing sheets and the 基本信息 values.
func (r *reader) finish() {
	r.finishInfo()
	for _, sh := range r.sheets {
		// A sheet required of one side only (援派人员, 受援人员, 资金) is the engine's to judge: the
		// reader cannot know which side a province workbook is.
		if !sh.Optional && sh.Side == "" && r.wb.Tables[sh.Key] == nil {
			r.missingSheet(sh)
		}
	}
}

func (r *reader) missingSheet(sh *schema.Sheet) {
	r.problem(Problem{Code: "missing-sheet", Loc: Location{File: r.wb.Path}, Header: sh.Name,
		Detail: map[string]string{"sheet": sh.Name, "sheet_key": sh.Key, "found": strings.Join(r.wb.Sheets, "、")}})
}
