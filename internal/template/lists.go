package template

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// maxInlineList is Excel's limit on an inline list source ("a,b,c"), separators included.
const maxInlineList = 255

// lists hands out dropdown sources. A short list is written inline in the validation; a long one
// goes to a column of the hidden ListSheet, written once however many columns use it.
type lists struct {
	f      *excelize.File
	titles []string          // column titles in ListSheet, in column order
	values [][]string        // column values in ListSheet
	refs   map[string]string // title → absolute range, so a list is written once
}

// source returns the Formula1 of a list validation over values: an inline list when it fits, else
// an absolute reference into ListSheet.
func (l *lists) source(title string, values []string) (inline bool, formula string, err error) {
	joined := strings.Join(values, ",")
	if len([]rune(joined)) <= maxInlineList {
		return true, joined, nil
	}
	if ref, ok := l.refs[title]; ok {
		return false, ref, nil
	}
	col, err := excelize.ColumnNumberToName(len(l.titles) + 1)
	if err != nil {
		return false, "", err
	}
	ref := fmt.Sprintf("'%s'!$%s$2:$%s$%d", ListSheet, col, col, len(values)+1)
	if l.refs == nil {
		l.refs = map[string]string{}
	}
	l.refs[title] = ref
	l.titles = append(l.titles, title)
	l.values = append(l.values, values)
	return false, ref, nil
}

// dropdown returns a list validation over sqref.
func (l *lists) dropdown(title string, values []string, sqref string) (*excelize.DataValidation, error) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	inline, formula, err := l.source(title, values)
	if err != nil {
		return nil, err
	}
	if inline {
		err = dv.SetDropList(values)
	} else {
		dv.SetSqrefDropList(formula)
	}
	return dv, err
}

// finish writes ListSheet, hidden, when any list went there.
func (l *lists) finish() error {
	if len(l.titles) == 0 {
		return nil
	}
	if _, err := l.f.NewSheet(ListSheet); err != nil {
		return err
	}
	for i, title := range l.titles {
		col, _ := excelize.ColumnNumberToName(i + 1)
		column := append([]any{title}, toAny(l.values[i])...)
		if err := l.f.SetSheetCol(ListSheet, col+"1", &column); err != nil {
			return err
		}
		if err := l.f.SetColWidth(ListSheet, col, col, 24); err != nil {
			return err
		}
	}
	return l.f.SetSheetVisible(ListSheet, false)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
