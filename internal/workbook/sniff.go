package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/richardlehane/mscfb"
)

// format is what a file really is, judged by its first bytes and container, not its name.
type format int

const (
	fmtText      format = iota // not a container: CSV or other text
	fmtOOXML                   // an xlsx/xlsm package
	fmtEncrypted               // an OOXML package encrypted inside a CFB container
	fmtXLS                     // Excel 97-2003 / WPS .et (BIFF in a CFB container)
	fmtODS                     // OpenDocument spreadsheet
	fmtNumbers                 // Apple Numbers package
	fmtXLSB                    // Excel binary workbook
	fmtBrokenZip               // a zip that is not a complete workbook package
	fmtOtherCFB                // some other CFB document (.doc, .msg …)
	fmtBinary                  // none of the above and not text
	fmtEmpty                   // no bytes at all
)

var (
	zipMagic = []byte("PK")
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// sniff decides what the file at path is. It reads only what it needs: the first bytes, a zip's
// central directory, or a CFB's directory.
func sniff(path string) (format, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return 0, err
	}
	head = head[:n]
	switch {
	case n == 0:
		return fmtEmpty, nil
	case bytes.HasPrefix(head, cfbMagic):
		return sniffCFB(f), nil
	case bytes.HasPrefix(head, zipMagic):
		return sniffZip(f), nil
	case looksLikeText(head):
		return fmtText, nil
	}
	return fmtBinary, nil
}

func sniffCFB(f *os.File) format {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmtOtherCFB
	}
	doc, err := mscfb.New(f)
	if err != nil {
		return fmtOtherCFB
	}
	for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
		switch entry.Name {
		case "EncryptionInfo", "EncryptedPackage":
			return fmtEncrypted
		case "Workbook", "Book", "WorkBook":
			return fmtXLS
		}
	}
	return fmtOtherCFB
}

func sniffZip(f *os.File) format {
	st, err := f.Stat()
	if err != nil {
		return fmtBrokenZip
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return fmtBrokenZip
	}
	var contentTypes, workbookBin bool
	for _, zf := range zr.File {
		name := strings.ReplaceAll(zf.Name, `\`, "/")
		switch {
		case name == "mimetype":
			if rc, err := zf.Open(); err == nil {
				mt, _ := io.ReadAll(io.LimitReader(rc, 100))
				rc.Close()
				if bytes.HasPrefix(mt, []byte("application/vnd.oasis.opendocument")) {
					return fmtODS
				}
			}
		case strings.HasPrefix(name, "Index/") && strings.HasSuffix(name, ".iwa"), name == "Index.zip":
			return fmtNumbers
		case name == "[Content_Types].xml":
			contentTypes = true
		case strings.HasSuffix(name, "/workbook.bin"):
			workbookBin = true
		}
	}
	switch {
	case workbookBin:
		return fmtXLSB
	case contentTypes:
		return fmtOOXML
	}
	return fmtBrokenZip
}

// looksLikeText: no NUL bytes (except in UTF-16 with a BOM) and mostly printable.
func looksLikeText(head []byte) bool {
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return true
	}
	return bytes.IndexByte(head, 0) < 0
}

// isCSVName says whether the file name promises a delimited text table.
func isCSVName(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".txt", ".tsv":
		return true
	}
	return false
}

// unreadableReason says, for people, what a file that cannot be read is and what to do with it.
func unreadableReason(f format, path string) (zh, en string) {
	ext := strings.ToLower(filepath.Ext(path))
	switch f {
	case fmtXLS:
		what := "旧版 Excel 97-2003 (.xls) 工作簿"
		if ext == ".et" {
			what = "WPS 表格 (.et) 文件"
		}
		return what + "，本工具不读取此格式。请用 Excel 或 WPS 打开，“另存为” Excel 工作簿 (.xlsx) 后再检查。",
			"an old Excel 97-2003 (.xls) or WPS (.et) workbook, which is not read. Open it in Excel or WPS and \"Save As\" an Excel workbook (.xlsx), then check again."
	case fmtODS:
		return "OpenDocument 电子表格 (.ods)，本工具不读取此格式。请用 LibreOffice、WPS 或 Excel 打开，“另存为” Excel 工作簿 (.xlsx) 后再检查。",
			"an OpenDocument spreadsheet (.ods), which is not read. Open it in LibreOffice, WPS or Excel and \"Save As\" an Excel workbook (.xlsx), then check again."
	case fmtNumbers:
		return "Apple Numbers 文稿 (.numbers)，本工具不读取此格式。请在 Numbers 中“导出为 → Excel (.xlsx)”后再检查。",
			"an Apple Numbers document (.numbers), which is not read. In Numbers choose Export To → Excel (.xlsx), then check again."
	case fmtXLSB:
		return "Excel 二进制工作簿 (.xlsb)，本工具不读取此格式。请用 Excel 打开，“另存为” Excel 工作簿 (.xlsx) 后再检查。",
			"an Excel binary workbook (.xlsb), which is not read. Open it in Excel and \"Save As\" an Excel workbook (.xlsx), then check again."
	case fmtBrokenZip:
		return "文件已损坏：它是一个压缩包，但不是完整的 Excel 工作簿（缺少 [Content_Types].xml 或工作簿部件）。请用 Excel 或 WPS 打开修复后“另存为” .xlsx，或向报送单位索取原文件。",
			"the file is damaged: it is a zip archive but not a complete Excel workbook (no [Content_Types].xml or workbook part). Repair it in Excel or WPS and \"Save As\" .xlsx, or ask the sender for the original."
	case fmtOtherCFB:
		return "这是一个 Office 复合文档，但不是 Excel 工作簿（可能是 Word 或其他文件）。请提供 .xlsx 格式的工作簿。",
			"an Office compound document that is not an Excel workbook (perhaps Word or another file). Provide the workbook as .xlsx."
	case fmtEmpty:
		return emptyReason()
	case fmtText:
		return "文件内容是纯文本，不是 Excel 工作簿（扩展名为 " + ext + "）。如果它是表格，请另存为 .xlsx，或把扩展名改为 .csv。",
			"the file holds plain text, not an Excel workbook (its extension is " + ext + "). If it is a table, save it as .xlsx, or rename it to .csv."
	}
	return "无法识别的文件格式，不是 Excel 工作簿。请提供 .xlsx 或 .csv 文件。",
		"an unrecognised file format, not an Excel workbook. Provide an .xlsx or .csv file."
}

// emptyReason is why a file with nothing in it (no bytes, or a CSV of blank lines) is unreadable.
func emptyReason() (zh, en string) {
	return "文件是空的（没有任何内容），可能在保存或传送时出错。请向报送单位索取完整的工作簿。",
		"the file is empty: it holds nothing, perhaps it was cut off while being saved or sent. Ask the sender for the complete workbook."
}
