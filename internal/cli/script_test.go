package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update-scripts", false, "rewrite the expected output in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"qianshou": func() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: the CLI as a user runs it.
// $SAMPLE is the bundled sample batch, $CORPUS the shared corpus (when present), $ROOT the repository.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join(root, "testdata", "script"),
		UpdateScripts: *updateScripts,
		// [corpus]: the shared corpus of real-world files is beside the repository.
		Condition: func(cond string) (bool, error) {
			if cond != "corpus" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			_, err := os.Stat(filepath.Join(root, "..", "shared", "corpus", "files"))
			return err == nil, nil
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("ROOT", root)
			env.Setenv("SAMPLE", filepath.Join(root, "testdata", "sample"))
			env.Setenv("CORPUS", filepath.Join(root, "..", "shared", "corpus", "files"))
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}
