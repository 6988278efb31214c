package experiment

import "strconv"

// maxPairs bounds the pairs made for one if statement.
const maxPairs = 12

// makePairs makes the two-place experiments of a file once its sites have
// type-checked: for an if whose body is one assignment, each boundary or
// ±1 change of the condition together with each ±1 change of the
// assigned value (a clamp that is off by one needs both). A pair's site
// spans the if; its Fix is the if with both changes.
func (f *schemaFile) makePairs(fd *finder) []*Variant {
	var out []*Variant
	for _, st := range fd.ifs {
		start, end := fd.off(st.Pos()), fd.off(st.End())
		cond := fd.off(st.Cond.Pos())
		condEnd := fd.off(st.Cond.End())
		body := fd.off(st.Body.Pos())
		var cs, bs []*Variant
		for _, s := range f.sites {
			switch {
			case s.Pos >= cond && s.End <= condEnd:
				for _, v := range s.Variants {
					if v.Family == "boundary" || v.Family == "offset" || v.Family == "constant" {
						cs = append(cs, v)
					}
				}
			case s.Pos >= body && s.End <= end:
				for _, v := range s.Variants {
					if v.Family == "offset" || v.Family == "constant" {
						bs = append(bs, v)
					}
				}
			}
		}
		if len(cs) == 0 || len(bs) == 0 {
			continue
		}
		site := &Site{File: f.name, Pos: start, End: end, Line: fd.line(st.Pos()), Func: cs[0].Site.Func,
			Stmt: cs[0].Site.Stmt, src: f.src}
		for _, c := range cs {
			for _, b := range bs {
				if len(site.Variants) == maxPairs {
					break
				}
				text := string(f.src[start:c.Site.Pos]) + c.Fix + string(f.src[c.Site.End:b.Site.Pos]) + b.Fix + string(f.src[b.Site.End:end])
				v := &Variant{ID: c.ID, Also: b, Site: site, Family: "pair",
					Desc: c.Desc + " together with " + b.Desc + " (line " + strconv.Itoa(fd.line(st.Body.List[0].Pos())) + ")", Fix: text}
				site.Variants = append(site.Variants, v)
			}
		}
		out = append(out, site.Variants...)
	}
	return out
}
