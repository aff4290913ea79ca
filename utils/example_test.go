package utils_test

import (
	"fmt"
	"time"

	"github.com/aws/aws-xray-sdk-go/utils"
)

func ExampleMockClock() {
	clock := &utils.MockClock{NowTime: 1500000000}
	fmt.Println(clock.Now().Unix())
	clock.Increment(10, 0)
	fmt.Println(clock.Now().Unix())
	// Output:
	// 1500000000
	// 1500000010
}

func ExampleMockRand() {
	var r utils.Rand = &utils.MockRand{F64: 0.05}
	sampled := r.Float64() < 0.1
	fmt.Println(sampled)
	// Output:
	// true
}

func ExampleNewTimer() {
	// Fires after 20 ms minus up to 10 ms of jitter; Reset re-arms it.
	t := utils.NewTimer(20*time.Millisecond, 10*time.Millisecond)
	for range 2 {
		<-t.C()
		fmt.Println("tick")
		t.Reset()
	}
	// Output:
	// tick
	// tick
}
