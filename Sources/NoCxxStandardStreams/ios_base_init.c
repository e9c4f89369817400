// std::ios_base::Init, which constructs the C++ standard streams (cin, cout,
// cerr, clog and their wide twins) and the classic locale's facets, defined
// empty for yolo-edge.
//
// Why: TOMLKit's C++ sources include <iostream> though they use no standard
// stream (they format with stringstreams), and with GCC 12's libstdc++ every
// such file carries a static initializer that calls this constructor at
// start-up. It ran in every yolo-edge process, `bench` and `--help` too, and
// kept 0.3-0.5 MB of libstdc++ resident (docs/measurements.md). A definition
// in the executable comes before the shared library's, so the linker binds
// those initializers here.
//
// The safety of this rests on nothing in yolo-edge using a standard stream:
// system-tests/packaging/check.sh fails the package if the binary refers to any of
// them. String streams do not need this initializer: the classic locale
// sets itself up on first use.
//
// Itanium C++ ABI names: the complete-object constructor and destructor.
void _ZNSt8ios_base4InitC1Ev(void *self) { (void)self; }
void _ZNSt8ios_base4InitD1Ev(void *self) { (void)self; }
