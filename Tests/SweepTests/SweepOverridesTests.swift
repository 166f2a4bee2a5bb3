import Testing

@testable import Sweep

@Suite("Sweep overrides")
struct SweepOverridesTests {
    static func loaded(_ text: String) throws -> LoadedSweep {
        LoadedSweep(path: "sweeps/look.toml", text: text, definition: try SweepFile.parse(text: text, path: "sweeps/look.toml"))
    }

    @Test("an override is written into the effective text, which computes the overridden sweep; its comment survives")
    func rewritten() throws {
        let sweep = try Self.loaded("seed = 1\n[training]\neta = 1.0\n[ensemble]\n  ics   = 100   # the full run\nmembers = 3\n")
        let quick = try sweep.overriding(ics: 10)
        #expect(quick.overrides == SweepOverrides(ics: 10))
        #expect(quick.overrides.arguments == ["--ics", "10"] && quick.overrides.folderSuffix == "-ics10")
        let text = quick.effectiveText
        #expect(text.hasPrefix("# computed with --ics 10 in place of the file's values (sweeps/look.toml)\n"))
        #expect(text.contains("\n  ics   = 10 # the full run\n"))
        #expect(try SweepFile.parse(text: text, path: "sweeps/look.toml") == quick.definition)
    }

    @Test("without overrides the effective text is the file's, byte for byte, and the folder has no suffix")
    func unchanged() throws {
        let sweep = try Self.loaded("seed = 1\n[training]\neta = 1.0\n[ensemble]\nics = 4\n")
        #expect(sweep.overrides.isEmpty && sweep.overrides.summary == "none" && sweep.overrides.folderSuffix.isEmpty)
        #expect(sweep.effectiveText == sweep.text)
    }

    @Test("a value written inside an inline table is left as written; the first line still names the override")
    func inlineTable() throws {
        let sweep = try Self.loaded("seed = 1\ntraining = { eta = 1.0 }\nensemble = { ics = 7 }\n")
        let quick = try sweep.overriding(ics: 2)
        #expect(quick.definition.ensemble.ics == 2)
        #expect(quick.effectiveText == "# computed with --ics 2 in place of the file's values (sweeps/look.toml)\n" + sweep.text)
    }
}
