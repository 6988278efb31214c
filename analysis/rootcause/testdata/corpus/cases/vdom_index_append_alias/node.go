package vdom

// Node is an element of a virtual DOM tree.
type Node struct {
	Tag      string
	ID       string
	Children []*Node
	// Index is the path of child positions from the root to this node.
	Index []int
}

func El(tag, id string, children ...*Node) *Node {
	return &Node{Tag: tag, ID: id, Children: children}
}

func assignIndexes(n *Node, path []int) {
	n.Index = path
	for i, c := range n.Children {
		assignIndexes(c, append(path, i)) // ROOT
	}
}
