import Testing
@testable import Infer
