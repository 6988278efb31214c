package invoicing

import "fmt"

// Cents is an amount of money in the smallest currency unit.
type Cents int64

func (c Cents) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// BasisPoints expresses a rate in hundredths of a percent (825 = 8.25%).
type BasisPoints int64

// percentOf returns amount * rate, in cents.
func percentOf(amount Cents, rate BasisPoints) Cents {
	return Cents(int64(amount) * int64(rate) / 10000) // ROOT
}
