package store

// Question is a row of the questions table.
type Question struct {
	Model
	Title   string
	Body    string
	Answers int
}
