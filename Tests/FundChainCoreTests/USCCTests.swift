import Testing

@testable import FundChainCore

@Suite struct USCCTests {
    /// Codes published by the firms themselves (annual reports, public filings).
    @Test(arguments: ["91110000600037341L", "9150000020286320X6", "914403001922038216"])
    func acceptsRealCodes(code: String) throws {
        let uscc = try USCC(code)
        #expect(uscc.code == code)
    }

    @Test func regionIsCharactersThreeToEight() throws {
        #expect(try USCC("9150000020286320X6").registrationRegion == "500000")
    }

    @Test func lowerCaseIsNormalised() throws {
        #expect(try USCC("91110000600037341l").code == "91110000600037341L")
    }

    @Test func rejectsWrongCheckCharacter() {
        #expect(throws: USCC.ValidationError.checkCharacterMismatch(expected: "L", found: "M")) {
            try USCC("91110000600037341M")
        }
    }

    @Test func rejectsBadLengthAndAlphabet() {
        #expect(throws: USCC.ValidationError.wrongLength(17)) { try USCC("91110000600037341") }
        #expect(throws: USCC.ValidationError.wrongLength(19)) { try USCC("91110000600037341LL") }
        // I, O, S, V and Z are not in the alphabet.
        #expect(throws: USCC.ValidationError.invalidCharacter(position: 9, character: "I")) {
            try USCC("91110000I00037341L")
        }
        #expect(throws: USCC.ValidationError.invalidCharacter(position: 1, character: "-")) {
            try USCC("-1110000600037341L")
        }
    }

    @Test func checkCharacterZeroWhenSumIsMultipleOf31() throws {
        // Hand check: body of all zeros → sum 0 → (31 − 0) mod 31 = 0 → check '0'.
        #expect(USCC.withCheckCharacter(body: "00000000000000000")?.code == "000000000000000000")
        #expect(USCC.withCheckCharacter(body: "91110000600037341")?.code == "91110000600037341L")
        #expect(USCC.withCheckCharacter(body: "9111000060003734I") == nil)
    }
}
