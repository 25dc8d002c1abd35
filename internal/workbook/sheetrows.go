package workbook

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheetRows reads the rows of a worksheet part straight from its bytes, with byte-level code: what
// excelize's Rows().Columns() gives with raw values, row for row, at a fraction of the cost (no
// XML token per element, no allocation per cell beyond its value). It handles the shapes Excel,
// WPS and the exporters write — <row r>, <c r t s>, <v>, <f>, <is>, namespace prefixes, comments —
// and nothing else: at the first markup it does not know it hands over to excelize, which then
// reads the sheet from the row it had reached, so a file it cannot read is read as before.
type sheetRows struct {
	src  io.Reader // nil when buf holds the whole part
	buf  []byte
	pos  int
	eof  bool
	sst  []string
	end  []byte // the qualified name of sheetData, for its end tag
	last int    // the number of the last <row> element read
	row  int    // the row number yielded last (excelize yields gap rows, empty)
	// pending is the row element read ahead of a gap.
	pending     []string
	pendingRow  int
	done        bool
	cells       []string
	scratch     []string
	text        []byte
	items       stringItems
	excelize    func() (rowSource, error) // opens excelize's reader of the same sheet
	fallback    rowSource
	fallbackErr error
	fellBack    bool // for tests: whether excelize took over
	// lastRow is the number of the part's last <row> element (0 when unknown): excelize stops
	// silently at an XML error, so a fallback that ends before it has lost rows.
	lastRow int
}

// chunk is how much of a streamed part is read at a time.
const chunk = 1 << 20

// newSheetRows starts reading the sheetData of a worksheet part, from data (the whole part) or,
// when data is nil, streamed from src, whose last row number the caller gives (lastRow, 0 when
// unknown). openExcelize opens excelize's row reader of the same sheet.
func newSheetRows(data []byte, src io.Reader, sst []string, lastRow int, openExcelize func() (rowSource, error)) *sheetRows {
	s := &sheetRows{buf: data, src: src, sst: sst, excelize: openExcelize, eof: src == nil, lastRow: lastRow}
	if err := s.open(); err != nil {
		s.switchToExcelize()
	}
	return s
}

// open finds the sheetData start tag. What comes before it must read without error in
// encoding/xml and hold no <row> (excelize's reader starts at the top of the part).
func (s *sheetRows) open() error {
	name := []byte("sheetData")
	for {
		at := bytes.Index(s.buf, name)
		if at < 0 {
			if s.eof || len(s.buf) > maxSheetXML {
				if s.eof && !bytes.Contains(s.buf, []byte("<row")) && !bytes.Contains(s.buf, []byte(":row")) {
					s.done = true // no sheetData at all: no rows, as in excelize
					return nil
				}
				return errUnexpected
			}
			s.fill(false)
			continue
		}
		lt := at - 1
		for lt >= 0 && s.buf[lt] != '<' && isNameByte(s.buf[lt]) {
			lt--
		}
		if lt < 0 || s.buf[lt] != '<' || !prefixReads(s.buf[:lt]) {
			return errUnexpected
		}
		for {
			text, t, next, err := nextTag(s.buf, lt)
			if err == errShort && !s.eof {
				s.fill(false)
				continue
			}
			if err != nil || len(text) > 0 || string(t.local) != "sheetData" || t.kind == tagEnd {
				return errUnexpected
			}
			s.end = append([]byte(nil), t.name...)
			s.pos = next
			s.done = t.kind == tagEmpty
			return nil
		}
	}
}

// prefixReads reports whether the part before sheetData tokenizes in encoding/xml (it ends inside
// the open worksheet element) without a row element.
func prefixReads(prefix []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(prefix))
	for {
		tok, err := d.Token()
		if err != nil {
			var syn *xml.SyntaxError
			return err == io.EOF || errors.As(err, &syn) && syn.Msg == "unexpected EOF" && d.InputOffset() == int64(len(prefix))
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "row" {
			return false
		}
	}
}

// fill reads more of a streamed part; keep says the buffer must keep what was already read.
func (s *sheetRows) fill(keep bool) {
	if s.eof {
		return
	}
	if !keep && s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:])
		s.buf, s.pos = s.buf[:n], 0
	}
	if cap(s.buf)-len(s.buf) < chunk/2 {
		grown := make([]byte, len(s.buf), 2*cap(s.buf)+chunk)
		copy(grown, s.buf)
		s.buf = grown
	}
	n, err := s.src.Read(s.buf[len(s.buf):cap(s.buf)])
	s.buf = s.buf[:len(s.buf)+n]
	if err != nil {
		s.eof = true
	}
}

func (s *sheetRows) Next() bool {
	if s.fallback != nil {
		if s.fallback.Next() {
			return true
		}
		if s.fallback.Err() == nil && s.fallback.Row() < s.lastRow {
			at := s.fallback.Row() + 1
			s.fallbackErr = fmt.Errorf("%w：第 %d 行起的 XML 已损坏，之后的行无法读取 (the XML is damaged from row %d on)", errDamaged, at, at)
		}
		return false
	}
	if s.fallbackErr != nil {
		return false
	}
	if s.pending == nil && !s.done {
		if !s.readRow() {
			return s.handOver()
		}
	}
	if s.pending == nil {
		return false
	}
	s.row++
	if s.row < s.pendingRow {
		s.cells = nil
		return true
	}
	s.cells, s.pending = s.pending, nil
	return true
}

// handOver lets excelize read the rest of the sheet, from the row after the last one yielded.
func (s *sheetRows) handOver() bool {
	return s.switchToExcelize() && s.fallback.Next()
}

func (s *sheetRows) switchToExcelize() bool {
	s.fellBack = true
	if s.src == nil {
		s.lastRow = lastRowNumber(s.buf)
	}
	s.src, s.buf, s.pending = nil, nil, nil
	src, err := s.excelize()
	if err != nil {
		s.fallbackErr = err
		return false
	}
	for range s.row {
		if !src.Next() {
			break
		}
	}
	s.fallback = src
	return true
}

func (s *sheetRows) Row() int {
	if s.fallback != nil {
		return s.fallback.Row()
	}
	return s.row
}

func (s *sheetRows) Cells() []string {
	if s.fallback != nil {
		return s.fallback.Cells()
	}
	return s.cells
}

func (s *sheetRows) Err() error {
	if s.fallback != nil && s.fallback.Err() != nil {
		return s.fallback.Err()
	}
	return s.fallbackErr
}

// lastRowNumber is the r attribute of the last <row> element of a worksheet part (any namespace
// prefix), or 0 when it has none.
func lastRowNumber(part []byte) int {
	end := bytes.LastIndex(part, []byte("sheetData>"))
	if end < 0 {
		return 0
	}
	return lastRowIn(part[:end])
}

// lastRowIn is the r attribute of the last <row> start tag in data, or 0 when it has none.
func lastRowIn(data []byte) int {
	i := max(bytes.LastIndex(data, []byte("<row ")), bytes.LastIndex(data, []byte(":row ")))
	if i < 0 {
		return 0
	}
	tag := data[i:]
	if j := bytes.IndexByte(tag, '>'); j >= 0 {
		tag = tag[:j]
	}
	k := bytes.Index(tag, []byte(` r="`))
	if k < 0 {
		return 0
	}
	digits := tag[k+4:]
	if q := bytes.IndexByte(digits, '"'); q >= 0 {
		digits = digits[:q]
	}
	n, _ := strconv.Atoi(string(digits))
	return n
}

// readRow reads the next row element into pending, or sets done at the end of sheetData. It
// reports false when excelize must take over.
func (s *sheetRows) readRow() bool {
	for {
		cells, row, next, err := s.parseRow(s.pos)
		switch {
		case err == errShort && !s.eof:
			s.fill(false)
			continue
		case err == errEnd:
			s.done = true
			return true
		case err != nil:
			return false
		}
		s.pos = next
		s.last = row
		s.pending = cells
		if s.pending == nil {
			s.pending = []string{}
		}
		s.pendingRow = row
		return true
	}
}

var errEnd = errors.New("end of sheetData")

// errDamaged: the sheet's XML breaks off before its last row (excelize stops there silently).
var errDamaged = errors.New("工作表数据不完整 (sheet data damaged)")

// parseRow reads one <row> element from buf[i:]; it changes nothing in s but scratch space, so
// that a short buffer can be refilled and the row read again.
func (s *sheetRows) parseRow(i int) (cells []string, row, next int, err error) {
	text, t, next, err := nextTag(s.buf, i)
	if err != nil {
		return nil, 0, 0, err
	}
	if !s.items.ignorable(text) {
		return nil, 0, 0, errUnexpected
	}
	if t.kind == tagEnd {
		if bytes.Equal(t.name, s.end) {
			return nil, 0, 0, errEnd
		}
		return nil, 0, 0, errUnexpected
	}
	if string(t.local) != "row" {
		return nil, 0, 0, errUnexpected
	}
	row = s.last + 1
	if r, ok := onlyAttr(t.attrs, "r"); ok && r != nil {
		n, good := positive(r)
		if !good || n <= s.last || n > excelize.TotalRows {
			return nil, 0, 0, errUnexpected
		}
		row = n
	} else if !ok {
		return nil, 0, 0, errUnexpected
	}
	if t.kind == tagEmpty {
		return nil, row, next, s.peekRow(next, row)
	}
	s.scratch = s.scratch[:0]
	col := 0
	for i = next; ; {
		text, c, next, err := nextTag(s.buf, i)
		if err != nil {
			return nil, 0, 0, err
		}
		if !s.items.ignorable(text) {
			return nil, 0, 0, errUnexpected
		}
		switch {
		case c.kind == tagEnd && bytes.Equal(c.name, t.name):
			if err := s.peekRow(next, row); err != nil {
				return nil, 0, 0, err
			}
			if len(s.scratch) == 0 {
				return nil, row, next, nil
			}
			return append([]string(nil), s.scratch...), row, next, nil
		case c.kind == tagEnd || string(c.local) != "c":
			return nil, 0, 0, errUnexpected
		}
		var val string
		var keep bool
		if col, val, keep, next, err = s.parseCell(next, &c, col); err != nil {
			return nil, 0, 0, err
		}
		if keep {
			for len(s.scratch) < col-1 {
				s.scratch = append(s.scratch, "")
			}
			s.scratch = append(s.scratch, val)
		}
		i = next
	}
}

// peekRow checks what follows a row element before the row is yielded: excelize ends a row at the
// next row whose number is higher, so a row out of order would change the row before it.
func (s *sheetRows) peekRow(i, row int) error {
	_, t, _, err := nextTag(s.buf, i)
	switch {
	case err != nil:
		return err
	case t.kind == tagEnd:
		return nil // sheetData's end, or an error that the next read reports
	case string(t.local) != "row":
		return errUnexpected
	}
	r, ok := onlyAttr(t.attrs, "r")
	if !ok {
		return errUnexpected
	}
	if n, good := positive(r); r != nil && (!good || n <= row) {
		return errUnexpected
	}
	return nil
}

// parseCell reads one <c> element whose start tag is c; col is the previous cell's column. It
// returns the cell's column, its raw value and whether excelize would add it to the row (a value,
// or a formula).
func (s *sheetRows) parseCell(i int, c *xmlTag, prev int) (col int, val string, keep bool, next int, err error) {
	var ref, typ []byte
	good := true
	eachAttr(c.attrs, func(name, value []byte) bool {
		switch string(name) {
		case "r":
			ref = value
		case "t":
			typ = value
		case "s":
			good = len(value) > 0 && len(value) <= 18 && digitsOnly(value)
		default:
			local := name[bytes.IndexByte(name, ':')+1:]
			good = len(local) == len(name) || string(local) != "r" && string(local) != "t" && string(local) != "s"
		}
		return good
	})
	if !good {
		return 0, "", false, 0, errUnexpected
	}
	col = prev + 1
	if ref != nil {
		if col, good = refColumn(ref); !good {
			return 0, "", false, 0, errUnexpected
		}
	}
	next = i
	var formula, inline bool
	var v, is string
	if c.kind == tagStart {
		s.text = s.text[:0]
		for {
			text, e, after, err := nextTag(s.buf, next)
			if err != nil {
				return 0, "", false, 0, err
			}
			if !s.items.ignorable(text) {
				return 0, "", false, 0, errUnexpected
			}
			next = after
			if e.kind == tagEnd {
				if !bytes.Equal(e.name, c.name) {
					return 0, "", false, 0, errUnexpected
				}
				break
			}
			switch string(e.local) {
			case "v":
				if s.text, next, err = readText(s.buf, next, &e, s.text[:0]); err != nil {
					return 0, "", false, 0, err
				}
				v = string(s.text)
			case "f":
				formula = true
				if s.items.discard, next, err = readText(s.buf, next, &e, s.items.discard[:0]); err != nil {
					return 0, "", false, 0, err
				}
			case "is":
				if inline {
					return 0, "", false, 0, errUnexpected // excelize would merge two items
				}
				inline = true
				if is, next, err = s.items.read(s.buf, next, &e); err != nil {
					return 0, "", false, 0, err
				}
			default:
				return 0, "", false, 0, errUnexpected
			}
		}
	}
	switch string(typ) {
	case "s":
		val = s.shared(v)
	case "inlineStr":
		val = v
		if inline {
			val = is
		}
	default:
		val = v
	}
	return col, val, val != "" || formula, next, nil
}

// shared looks a shared-string index up as excelize does: a malformed index reads as 0, one out
// of range as "".
func (s *sheetRows) shared(v string) string {
	if v == "" {
		return ""
	}
	n, _ := strconv.Atoi(strings.TrimSpace(v))
	if n < 0 || n >= len(s.sst) {
		return ""
	}
	return s.sst[n]
}

// onlyAttr returns the value of an unprefixed attribute; ok is false when the attributes are
// malformed or a prefixed attribute has the same local name (encoding/xml would match it too).
func onlyAttr(attrs []byte, want string) (value []byte, ok bool) {
	ok = true
	eachAttr(attrs, func(name, v []byte) bool {
		if string(name) == want {
			value = v
		} else if i := bytes.IndexByte(name, ':'); i >= 0 && string(name[i+1:]) == want {
			ok = false
		}
		return ok
	})
	return value, ok
}

func digitsOnly(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// positive parses a plain decimal row number.
func positive(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 8 || !digitsOnly(b) {
		return 0, false
	}
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n, n > 0
}

// refColumn is the column of a cell reference like "AB12", as excelize.CellNameToCoordinates reads it.
func refColumn(ref []byte) (int, bool) {
	k := 0
	col := 0
	for k < len(ref) && ref[k] >= 'A' && ref[k] <= 'Z' {
		col = col*26 + int(ref[k]-'A'+1)
		k++
	}
	if k > 0 && k <= 3 && col <= excelize.MaxColumns {
		if row, ok := positive(ref[k:]); ok && row <= excelize.TotalRows {
			return col, true
		}
	}
	c, _, err := excelize.CellNameToCoordinates(string(ref))
	return c, err == nil
}
