package workbook

import (
	"bytes"
	"io"
	"sort"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// sheetScan is what excelize's row iterator does not tell: merged ranges, formulas without a cached
// value, and whether the sheet XML is whole. It comes from one pass over the worksheet part's bytes
// with plain byte searches — no XML decoding, and the cell walk only when the sheet has formulas —
// so it costs a few per cent of the row read, where GetMergeCells would load the whole sheet.
type sheetScan struct {
	known    bool // the worksheet bytes were available
	complete bool // the sheetData element is closed (not truncated)
	merges   []mergeRange
	// noCache holds the cells with a formula but no cached value.
	noCache map[cellPos]bool
	// lastRow is the number of the last <row> element of sheetData (0 when unknown): excelize stops
	// silently at an XML error, so a fallback that ends before it has lost rows.
	lastRow int
}

type cellPos struct{ row, col int }

// mergeRange is a merged range, 1-based inclusive. val is the top-left value once its row is read.
type mergeRange struct {
	r1, c1, r2, c2 int
	val            string
}

// scanSheet scans a whole worksheet part.
func scanSheet(data []byte) sheetScan {
	var sc sheetScanner
	sc.feed(data)
	s := sc.result()
	if sc.formulas {
		var w cellWalk
		w.walk(data)
		s.noCache = w.noCache
	}
	return s
}

// scanStream scans a worksheet part read from open(), piece by piece, never holding it whole; the
// cell walk for formulas without a cached value reads it a second time, only when it has formulas.
func scanStream(open func() (io.ReadCloser, error)) (sheetScan, error) {
	var sc sheetScanner
	if err := eachPiece(open, sc.feed); err != nil {
		return sheetScan{}, err
	}
	s := sc.result()
	if sc.formulas {
		var w cellWalk
		if err := eachPiece(open, w.walk); err != nil {
			return sheetScan{}, err
		}
		s.noCache = w.noCache
	}
	return s, nil
}

// eachPiece reads a part and hands it to fn in pieces of about a chunk, each ending before a '<':
// no tag is ever cut in two.
func eachPiece(open func() (io.ReadCloser, error), fn func(piece []byte)) error {
	rc, err := open()
	if err != nil {
		return err
	}
	defer rc.Close()
	buf := make([]byte, 0, chunk)
	for {
		if cap(buf)-len(buf) < chunk/4 {
			buf = append(make([]byte, 0, 2*cap(buf)), buf...)
		}
		n, err := rc.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			fn(buf)
			return nil
		}
		if err != nil {
			return err
		}
		if cut := bytes.LastIndexByte(buf, '<'); cut > 0 {
			fn(buf[:cut])
			buf = buf[:copy(buf, buf[cut:])]
		}
	}
}

// sheetScanner finds, in the pieces of a worksheet part, where sheetData opens and closes, the
// merged ranges after it, the last row number and whether any cell has a formula.
type sheetScanner struct {
	state    int // before sheetData, inside it, after it
	opened   bool
	formulas bool
	lastRow  int
	merges   []mergeRange
}

const (
	beforeSheetData = iota
	inSheetData
	afterSheetData
)

func (sc *sheetScanner) feed(piece []byte) {
	name := []byte("sheetData")
	if sc.state == beforeSheetData {
		open := bytes.Index(piece, name)
		if open < 0 {
			return
		}
		sc.opened = true
		gt := bytes.IndexByte(piece[open:], '>')
		if gt > 0 && piece[open+gt-1] == '/' { // <sheetData/>
			sc.state, piece = afterSheetData, piece[open+gt+1:]
		} else {
			sc.state, piece = inSheetData, piece[open+len(name):]
		}
	}
	if sc.state == inSheetData {
		inside := piece
		if end := closingTag(piece, name); end >= 0 {
			inside, piece = piece[:end], piece[end:]
			sc.state = afterSheetData
		}
		sc.formulas = sc.formulas || hasElement(inside, "f")
		if n := lastRowIn(inside); n > 0 {
			sc.lastRow = n
		}
		if sc.state == inSheetData {
			return
		}
	}
	sc.merges = append(sc.merges, findMerges(piece)...)
}

// closingTag returns where the end tag of name (any namespace prefix) starts in data, or -1.
func closingTag(data, name []byte) int {
	for i := 0; ; {
		j := bytes.Index(data[i:], name)
		if j < 0 {
			return -1
		}
		at := i + j
		k := at - 1
		for k > 0 && data[k] != '<' && data[k] != '/' {
			k-- // a namespace prefix: </x:sheetData>
		}
		if k > 0 && data[k] == '/' && data[k-1] == '<' {
			return k - 1
		}
		i = at + len(name)
	}
}

func (sc *sheetScanner) result() sheetScan {
	s := sheetScan{known: true, complete: true, lastRow: sc.lastRow}
	if !sc.opened {
		return s
	}
	s.complete = sc.state == afterSheetData
	sort.SliceStable(sc.merges, func(i, j int) bool { return sc.merges[i].r1 < sc.merges[j].r1 })
	s.merges = sc.merges
	return s
}

// findMerges reads the ref attributes of <mergeCell> elements (any namespace prefix).
func findMerges(data []byte) []mergeRange {
	var out []mergeRange
	tag := []byte("mergeCell ")
	for i := 0; ; {
		j := bytes.Index(data[i:], tag)
		if j < 0 {
			break
		}
		i += j + len(tag)
		gt := bytes.IndexByte(data[i:], '>')
		if gt < 0 {
			break
		}
		ref := attr(data[i:i+gt], "ref")
		i += gt
		a, b, ok := bytes.Cut(ref, []byte(":"))
		if !ok {
			continue
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(string(a))
		c2, r2, err2 := excelize.CellNameToCoordinates(string(b))
		if err1 != nil || err2 != nil || r2 < r1 || c2 < c1 {
			continue
		}
		out = append(out, mergeRange{r1: r1, c1: c1, r2: r2, c2: c2})
	}
	return out
}

// hasElement reports whether an element with this local name occurs (<f>, <f ...>, <x:f>).
func hasElement(data []byte, local string) bool {
	for _, p := range []string{"<" + local + ">", "<" + local + " ", ":" + local + ">", ":" + local + " "} {
		if bytes.Contains(data, []byte(p)) {
			return true
		}
	}
	return false
}

// cellWalk walks the cells of sheetData, piece by piece, and collects those with an <f> but no
// cached <v> (an empty <v/> counts as none, except for a string result, t="str").
type cellWalk struct {
	noCache               map[cellPos]bool
	row, col              int
	formula, value, isStr bool
}

func (w *cellWalk) walk(data []byte) {
	if w.noCache == nil {
		w.noCache = map[cellPos]bool{}
	}
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		if i >= len(data) {
			break
		}
		closing := data[i] == '/'
		if closing {
			i++
		}
		k := i
		for k < len(data) && !isTagEnd(data[k]) {
			k++
		}
		name := data[i:k]
		if c := bytes.IndexByte(name, ':'); c >= 0 {
			name = name[c+1:]
		}
		gt := bytes.IndexByte(data[k:], '>')
		if gt < 0 {
			break
		}
		attrs := data[k : k+gt]
		selfClose := gt > 0 && data[k+gt-1] == '/'
		i = k + gt + 1
		switch string(name) {
		case "row":
			if !closing {
				if n, err := strconv.Atoi(string(attr(attrs, "r"))); err == nil {
					w.row = n
				} else {
					w.row++
				}
				w.col = 0
			}
		case "c":
			if closing {
				if w.formula && !w.value {
					w.noCache[cellPos{w.row, w.col}] = true
				}
				continue
			}
			if c, _, err := excelize.CellNameToCoordinates(string(attr(attrs, "r"))); err == nil {
				w.col = c
			} else {
				w.col++
			}
			w.formula, w.value, w.isStr = false, false, string(attr(attrs, "t")) == "str"
		case "f":
			w.formula = w.formula || !closing
		case "v":
			if !closing && !selfClose {
				// a piece ends before a '<': text up to its end is the value's
				w.value = w.value || i < len(data) && data[i] != '<' || w.isStr
			} else if selfClose && w.isStr {
				w.value = true
			}
		case "is":
			w.value = true
		}
	}
}

func isTagEnd(b byte) bool {
	return b == ' ' || b == '>' || b == '/' || b == '\t' || b == '\n' || b == '\r'
}

// attr returns the value of attribute name in the inside of a start tag ("" when absent).
func attr(tag []byte, name string) []byte {
	for i := 0; ; {
		j := bytes.Index(tag[i:], []byte(name+"="))
		if j < 0 {
			return nil
		}
		p := i + j
		i = p + len(name) + 1
		if p > 0 && !isTagEnd(tag[p-1]) {
			continue // a longer attribute name ending in name
		}
		if i >= len(tag) || (tag[i] != '"' && tag[i] != '\'') {
			return nil
		}
		q := tag[i]
		end := bytes.IndexByte(tag[i+1:], q)
		if end < 0 {
			return nil
		}
		return tag[i+1 : i+1+end]
	}
}
