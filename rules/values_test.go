package rules

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func TestValuesKeepWhatWasSet(t *testing.T) {
	pair := &row{}
	day := time.Date(2022, 1, 25, 0, 0, 0, 0, time.UTC)
	set := []any{"天津市和平区示例社会工作服务中心", true, 3, 2.5, pair, day, nil, []string{"甘肃省"},
		map[string]any{"a": 1}, math.NaN(), "天津市和平区示例社会工作服务中心", true, pair, []string{"甘肃省"},
		[]any(nil), math.Copysign(0, -1), 0.0, []any(nil), math.Copysign(0, -1)}
	v := newValues(len(set)+1, 1)
	for i, x := range set {
		v.set(i, x)
	}
	v.seal()
	v.set(len(set), "after sealing")
	for i, want := range set {
		got := v.get(i)
		if f, ok := want.(float64); ok && math.IsNaN(f) {
			if g, ok := got.(float64); !ok || !math.IsNaN(g) {
				t.Errorf("slot %d: got %#v, want NaN", i, got)
			}
			continue
		}
		// an empty list is not nil (len() takes it), nor -0 +0 (1/x differs): DeepEqual says both
		// are equal, types and sign bits do not
		if !reflect.DeepEqual(got, want) || reflect.TypeOf(got) != reflect.TypeOf(want) {
			t.Errorf("slot %d: got %#v, want %#v", i, got, want)
		}
		if f, ok := want.(float64); ok && math.Signbit(f) != math.Signbit(got.(float64)) {
			t.Errorf("slot %d: got %v, want %v", i, got, want)
		}
	}
	if got := v.get(len(set)); got != "after sealing" {
		t.Errorf("set after sealing: got %#v", got)
	}
	if v.get(4).(*row) != pair {
		t.Error("a row pointer came back as another row")
	}
	// equal hashable values are kept once, the empty list once; other lists, maps, NaN and -0
	// each time: nil, the 9 values of the first 10 slots but nil, the second []string, the
	// empty list, -0 twice, +0, the value set after sealing
	if len(v.dict) != 1+9+1+1+2+1+1 {
		t.Errorf("%d values kept, want 16: %#v", len(v.dict), v.dict)
	}
}
