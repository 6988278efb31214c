package main

import "github.com/sleuth-dev/sleuth/analysis/rootcause"

// rootcauseAnalyze is the analysis step the CLI runs after a capture.
var rootcauseAnalyze = rootcause.Analyze
