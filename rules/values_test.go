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
		map[string]any{"a": 1}, math.NaN(), "天津市和平区示例社会工作服务中心", true, pair, []string{"甘肃省"}}
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
		if !reflect.DeepEqual(got, want) {
			t.Errorf("slot %d: got %#v, want %#v", i, got, want)
		}
	}
	if got := v.get(len(set)); got != "after sealing" {
		t.Errorf("set after sealing: got %#v", got)
	}
	if v.get(4).(*row) != pair {
		t.Error("a row pointer came back as another row")
	}
	// equal hashable values are kept once; lists, maps and NaN each time: nil, the 9 values of
	// the first 10 slots but nil, the second list, the value set after sealing
	if len(v.dict) != 1+9+1+1 {
		t.Errorf("%d values kept, want 12: %#v", len(v.dict), v.dict)
	}
}
