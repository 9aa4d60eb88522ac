// The mip6d.conf parser goes on after an error and reports every one, each at FILE:LINE:COL,
// where mip6d stops at the first with "syntax error".
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from './diagnostic'
import { parseMip6dConf } from './mip6d-conf-parser'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
const check = (text: string) => parseMip6dConf(text, 'mip6d.conf').diagnostics.map(formatDiagnostic)
const errors = (text: string) => check(text).filter((l) => l.includes(': error: '))
const manyErrors = () => readFileSync(join(FIXTURES, 'mip6d', 'many-errors.conf'), 'utf8')

describe('mip6d.conf parser: recovery', () => {
  it('reports every mistake of a file at once', () => {
    expect(check(manyErrors())).toEqual([
      'mip6d.conf:4:13: error: missing ";" after DebugLevel 0',
      'mip6d.conf:6:11: error: interface names are quoted in mip6d.conf: write Interface "wlan0" (setting Interface, value wlan0)',
      'mip6d.conf:7:14: error: UseMnHaIPsec takes enabled or disabled, not "no" (mip6d says enabled or disabled) (setting UseMnHaIPsec, value no)',
      'mip6d.conf:8:1: error: unknown setting "HaMaxBindingLif"; did you mean HaMaxBindingLife? (setting HaMaxBindingLif)',
      'mip6d.conf:11:1: warning: IPsecPolicySet for home agent 2001:db8::1 and 2001:db8::beef/64 is kept but not applied: the router has no IPsec (setting IPsecPolicySet)',
      'mip6d.conf:15:2: error: mip6d takes no ";" after the "}" that closes IPsecPolicySet; remove it',
      'mip6d.conf:17:12: error: missing "}" to close Interface "wlan1" (opened at 16:1)',
      'mip6d.conf:19:1: error: unknown setting "sendmobpfxadvs": mip6d keywords are case-sensitive, write SendMobPfxAdvs (setting sendmobpfxadvs)',
      'mip6d.conf:20:1: warning: MnHomeLink is a mobile node setting; mip6d ignores it with NodeConfig HA (setting MnHomeLink)',
      'mip6d.conf:20:19: error: missing "{" after MnHomeLink "wlan0"',
      'mip6d.conf:23:16: error: mip6d cannot read addresses that start with "::"; write 0::1',
    ])
  })

  it('still reads the settings around the mistakes', () => {
    const ha = parseMip6dConf(manyErrors(), 'mip6d.conf').config.homeAgent!
    expect(ha.interfaces).toEqual(['wlan0', 'wlan1'])
    expect(ha.bindingAcl).toHaveLength(1)
    expect(ha.ipsecPolicySets).toHaveLength(1)
    expect(ha).toMatchObject({ defaultBindingAclPolicy: 'allow', minMobPfxAdvIntervalS: 700 })
  })

  it('says where the "}" of a block is missing when the next setting starts', () => {
    expect(
      errors(
        'NodeConfig MN;\nMnHomeLink "eth0" {\n\tHomeAddress 2001:db8::1/64;\nMnMaxHaBindingLife 3600;\n',
      ),
    ).toEqual(['mip6d.conf:3:29: error: missing "}" to close MnHomeLink "eth0" (opened at 2:1)'])
    expect(errors('NodeConfig HA;\nInterface "eth0" {\n\tIfType HA;\nInterface "eth1";\n')).toEqual([
      'mip6d.conf:3:12: error: missing "}" to close Interface "eth0" (opened at 2:1)',
    ])
  })

  it('tells a misplaced setting inside a closed block from a missing "}"', () => {
    expect(
      errors('NodeConfig MN;\nMnHomeLink "eth0" {\n\tHomeAddress 2001:db8::1/64;\n\tDebugLevel 1;\n}\n'),
    ).toEqual([
      'mip6d.conf:4:2: error: DebugLevel is a top-level setting; it cannot appear in MnHomeLink "eth0" (setting DebugLevel)',
    ])
    expect(errors('NodeConfig HA;\nHomeAgentAddress 2001:db8::1;\nIfType HA;\n')).toEqual([
      'mip6d.conf:2:1: error: HomeAgentAddress goes inside MnHomeLink "NAME" { ... } or IPsecPolicySet { ... }, not at the top level (setting HomeAgentAddress)',
      'mip6d.conf:3:1: error: IfType goes inside Interface "NAME" { ... }, not at the top level (setting IfType)',
    ])
  })

  it('reads a block whose "{" is missing when what follows belongs in it', () => {
    const r = parseMip6dConf(
      'NodeConfig MN;\nMnHomeLink "eth0"\n\tHomeAddress 2001:db8::1/64;\n}\n',
      'mip6d.conf',
    )
    expect(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([
      'mip6d.conf:2:18: error: missing "{" after MnHomeLink "eth0"',
    ])
    expect(r.config.mobileNode!.homeLinks).toHaveLength(1)
  })

  it('reports unexpected punctuation and stray values', () => {
    expect(errors('NodeConfig HA;\n;\n}\n42;\nInterface "a" { 7; }\n')).toEqual([
      'mip6d.conf:2:1: error: unexpected ";" with no setting before it',
      'mip6d.conf:3:1: error: unexpected "}": no block is open here',
      'mip6d.conf:4:1: error: expected a setting such as NodeConfig or Interface, found "42"',
      'mip6d.conf:5:17: error: unexpected "7" in Interface "a"',
    ])
  })

  it('says when a statement ends before its value, and where a ";" is missing', () => {
    expect(errors('NodeConfig;\nHaMaxBindingLife\nUseMnHaIPsec disabled\nInterface "a"')).toEqual([
      'mip6d.conf:1:11: error: NodeConfig takes HA, MN or CN, not nothing (setting NodeConfig)',
      'mip6d.conf:2:17: error: HaMaxBindingLife takes a whole number, not nothing (setting HaMaxBindingLife)',
      'mip6d.conf:3:22: error: missing ";" after UseMnHaIPsec disabled',
      'mip6d.conf:4:14: error: missing ";" after Interface "a"',
    ])
  })

  it('reports a CR LF file once', () => {
    expect(errors('NodeConfig HA;\r\nUseMnHaIPsec disabled;\r\n')).toEqual([
      'mip6d.conf:1:15: error: line ends in CR LF: mip6d rejects the carriage return; save the file with LF line endings',
    ])
  })

  it('warns when a run of letters reads as two tokens to mip6d', () => {
    expect(check('NodeConfigHA;\nUseMnHaIPsec disabled;\n')).toEqual([
      'mip6d.conf:1:1: warning: mip6d reads "NodeConfigHA" as "NodeConfig" "HA"; put spaces between them',
    ])
  })

  it('reports a missing ")" of a prefix list', () => {
    expect(errors('NodeConfig HA;\nBindingAclPolicy 2001:db8::1 (2001:db8:2::/64 allow;\n')).toEqual([
      'mip6d.conf:2:46: error: missing ")" to close the prefix list opened at 2:30',
    ])
  })
})
