// Package memory will hold sleuth's incident store: every failure, what was
// tried and what fixed it. It is not built yet; see the open issue
// "Debugging memory".
package memory
