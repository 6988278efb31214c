package hooks

type User struct {
	Login string `json:"login"`
	Email string `json:"email,omitempty"`
}

type Commit struct {
	ID      string `json:"id"`
	Message string `json:"message"`
	Author  User   `json:"author"`
}

// PushEvent is the body of a "push" webhook delivery.
type PushEvent struct {
	Ref        string   `json:"ref"`
	Before     string   `json:"before"`
	After      string   `json:"after"`
	CompareURL string   `json:"omitempty"` // ROOT
	Commits    []Commit `json:"commits"`
	Pusher     User     `json:"pusher"`
	Repo       struct {
		FullName string `json:"full_name"`
		HTMLURL  string `json:"html_url"`
	} `json:"repository"`
}
