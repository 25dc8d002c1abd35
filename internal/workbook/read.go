package workbook

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/qianshou/qianshou/internal/schema"
)

// Read reads one workbook of the given kind ("province" or "allocation"). It never returns nil and
// never panics: a file that cannot be read comes back with Unreadable set and one file-unreadable
// problem saying what the file is and what to do. The file is only ever opened for reading.
//
// Decisions the contract leaves open:
//   - A CSV holds one table; its Location.Sheet, Record.Sheet and its keys in Table.Columns and
//     Workbook.SheetRows are "".
//   - An empty or absent cell of a field with a schema default (结对数) reads as the default with
//     Status OK.
//   - Value.Numeric is set for an id_number written the way a spreadsheet writes a number that lost
//     digits (4.10102199001011E+17, a decimal point): excelize's raw row iterator does not give
//     cell types, and a text cell of 18 digits is what a correct ID looks like anyway.
//   - Problem.Detail: missing-sheet has "sheet", "sheet_key", "found" (sheet names, 、-joined);
//     missing-column "found" (headers); invalid-value "example", "type", "type_name(_en)" and, for
//     error cells, formulas without cached value and dates outside 2000–2035, "reason(_en)";
//     unknown-column "header".
//   - For a province workbook only the sheets required of both sides (结对关系) are reported
//     missing; the engine judges 援派人员, 受援人员 and 资金 once it knows the side.
func Read(path string, kind string, opt Options) (wb *Workbook) {
	wb = &Workbook{Path: path, Kind: kind, Tables: map[string]*Table{}, Info: Info{}, SheetRows: map[string]int{}}
	defer func() {
		// A bug in this package or a library must cost one file, not the run.
		if r := recover(); r != nil {
			wb.fail(fmt.Sprintf("读取时发生内部错误（%v）。请把此文件提供给开发者以便修复；其余文件照常检查。", r),
				fmt.Sprintf("an internal error occurred while reading (%v). Please send this file to the developers; the other files are checked as usual.", r))
		}
	}()
	if opt.Schema == nil {
		opt.Schema = schema.Default()
	}
	sum, err := fileSHA256(path)
	if err != nil {
		wb.failOpen(err)
		return wb
	}
	wb.SHA256 = sum
	format, err := sniff(path)
	if err != nil {
		wb.failOpen(err)
		return wb
	}
	r := &reader{wb: wb, opt: opt, sheets: opt.Schema.SheetsOf(kind)}
	switch {
	case format == fmtOOXML || format == fmtEncrypted:
		r.readXLSX(format == fmtEncrypted)
	case format == fmtText && isCSVName(path):
		r.readCSV()
	default:
		wb.fail(unreadableReason(format, path))
	}
	for _, t := range wb.Tables {
		t.trim()
	}
	return wb
}

// fail marks the workbook unreadable with one located file-level problem; whatever was read
// before is dropped, since a partial read must not pass for a whole one.
func (wb *Workbook) fail(zh, en string) {
	wb.Unreadable = true
	wb.Tables = map[string]*Table{}
	wb.Info = Info{}
	wb.SheetRows = map[string]int{}
	wb.Problems = []Problem{{
		Code:   "file-unreadable",
		Loc:    Location{File: wb.Path},
		Detail: map[string]string{"reason": zh, "reason_en": en},
	}}
}

func (wb *Workbook) failOpen(err error) {
	if os.IsNotExist(err) {
		wb.fail("文件不存在，请检查路径。", "the file does not exist; check the path.")
		return
	}
	if os.IsPermission(err) {
		wb.fail("没有读取此文件的权限。", "no permission to read the file.")
		return
	}
	wb.fail("无法打开文件："+err.Error(), "cannot open the file: "+err.Error())
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	if st.IsDir() {
		return "", fmt.Errorf("%s is a directory", path)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
