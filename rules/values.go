package rules

import (
	"math"
	"time"
)

// values holds the stored fields of a table's rows, lay.stored slots per record: each slot is a
// 4-byte index into the distinct values set, not a 16-byte interface. Stored fields repeat (an
// org's name, a pair shared by its rows, a derived boolean), so at a million rows this is a
// quarter of the memory.
type values struct {
	ids  []uint32
	dict []any // dict[0] is nil
	// index finds a value's place in dict while the dataset is built; nil once sealed
	index map[any]uint32
	// last is the place of the value last set in each of the width slots of a record: rows in
	// order repeat their org, pair and verdicts, and comparing is cheaper than hashing
	last []uint32
	// noList is the place of an empty []any (a list field with nothing in it, not nil: expr's
	// len() takes it), kept once; 0 until one is set
	noList uint32
}

func newValues(records, width int) *values {
	return &values{ids: make([]uint32, records*width), dict: []any{nil}, index: map[any]uint32{}, last: make([]uint32, width)}
}

func (v *values) get(i int) any { return v.dict[v.ids[i]] }

func (v *values) set(i int, x any) {
	if x == nil {
		v.ids[i] = 0
		return
	}
	if l, ok := x.([]any); ok && l == nil {
		if v.noList == 0 {
			v.noList = uint32(len(v.dict))
			v.dict = append(v.dict, x)
		}
		v.ids[i] = v.noList
		return
	}
	if v.index != nil && hashable(x) {
		last := &v.last[i%len(v.last)]
		if v.dict[*last] == x {
			v.ids[i] = *last
			return
		}
		id, ok := v.index[x]
		if !ok {
			id = uint32(len(v.dict))
			v.index[x] = id
			v.dict = append(v.dict, x)
		}
		v.ids[i], *last = id, id
		return
	}
	v.ids[i] = uint32(len(v.dict))
	v.dict = append(v.dict, x)
}

// seal drops the index once every row is built: a later set still works, without sharing.
func (v *values) seal() { v.index = nil }

// hashable tells the values a map can key; others (lists, maps a derive may produce) are kept
// unshared.
func hashable(x any) bool {
	switch x := x.(type) {
	case string, bool, int, int64, *row, time.Time:
		return true
	case float64:
		// NaN is never found again, and -0 would be found as +0 (1/x tells them apart)
		return x == x && (x != 0 || !math.Signbit(x))
	}
	return false
}
