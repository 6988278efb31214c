package vdom

// Tree is a rendered virtual DOM with an ID index.
type Tree struct {
	Root *Node
	byID map[string]*Node
}

func NewTree(root *Node) *Tree {
	assignIndexes(root, nil)
	t := &Tree{Root: root, byID: map[string]*Node{}}
	t.collect(root)
	return t
}

func (t *Tree) collect(n *Node) {
	if n.ID != "" {
		t.byID[n.ID] = n
	}
	for _, c := range n.Children {
		t.collect(c)
	}
}

// Path returns the child-position path to the element with the given ID.
func (t *Tree) Path(id string) ([]int, bool) {
	n, ok := t.byID[id]
	if !ok {
		return nil, false
	}
	return n.Index, true
}

// At follows a path from the root.
func (t *Tree) At(path []int) *Node {
	n := t.Root
	for _, i := range path {
		if i >= len(n.Children) {
			return nil
		}
		n = n.Children[i]
	}
	return n
}
