/**
 * SSE..SSE4.2, AES/SHA/CLMUL, MMX and AVX/AVX2/FMA/BMI opcode tables.
 *
 * One line per opcode: `op[/digit][r]: form | pfx form | ...`. A form is a
 * mnemonic and operand tokens; `pfx` (66, f3, f2) is the mandatory prefix (or
 * VEX.pp), none for the first form unless given. `/digit` keys a ModRM group,
 * `r` the register-only form. Forms are written as their VEX encoding: legacy
 * encodings drop the H operand and VEX forms get a `v` (tables of VEX-only
 * forms are used verbatim). A `!` marks legacy-only forms; `a/b` picks by W.
 *
 * Operand tokens are a class letter and a size:
 *   V vector reg (ModRM.reg)   H vector reg (VEX.vvvv)   K like H, register forms only
 *   W vector reg or memory     U vector reg (ModRM.rm)   M memory only
 *   L vector reg in imm8[7:4]  P/N mm reg (reg/rm)       Q mm reg or memory
 *   G general reg (reg)        E general reg or memory   B general reg (vvvv)
 *   I imm8                     Z xmm0 (implicit, legacy)
 * Sizes: x 16/32 bytes by VEX.L, X 16, h/f/e a half/quarter/eighth of x in an
 * xmm register, m movddup's (8 or 32), q 8, d 4, w 2, b 1, s 4 or 8 by W,
 * y general 32/64 by W, and for general registers dw/db a 32-bit register or a
 * word/byte in memory.
 */

const PACKED_INT: Readonly<Record<string, string>> = {
  60: 'punpcklbw',
  61: 'punpcklwd',
  62: 'punpckldq',
  63: 'packsswb',
  64: 'pcmpgtb',
  65: 'pcmpgtw',
  66: 'pcmpgtd',
  67: 'packuswb',
  68: 'punpckhbw',
  69: 'punpckhwd',
  '6a': 'punpckhdq',
  '6b': 'packssdw',
  74: 'pcmpeqb',
  75: 'pcmpeqw',
  76: 'pcmpeqd',
  d4: 'paddq',
  d5: 'pmullw',
  d8: 'psubusb',
  d9: 'psubusw',
  da: 'pminub',
  db: 'pand',
  dc: 'paddusb',
  dd: 'paddusw',
  de: 'pmaxub',
  df: 'pandn',
  e0: 'pavgb',
  e3: 'pavgw',
  e4: 'pmulhuw',
  e5: 'pmulhw',
  e8: 'psubsb',
  e9: 'psubsw',
  ea: 'pminsw',
  eb: 'por',
  ec: 'paddsb',
  ed: 'paddsw',
  ee: 'pmaxsw',
  ef: 'pxor',
  f4: 'pmuludq',
  f5: 'pmaddwd',
  f6: 'psadbw',
  f8: 'psubb',
  f9: 'psubw',
  fa: 'psubd',
  fb: 'psubq',
  fc: 'paddb',
  fd: 'paddw',
  fe: 'paddd',
};
const PACKED_SHIFT: Readonly<Record<string, string>> = {
  d1: 'psrlw',
  d2: 'psrld',
  d3: 'psrlq',
  e1: 'psraw',
  e2: 'psrad',
  f1: 'psllw',
  f2: 'pslld',
  f3: 'psllq',
};

/** Arithmetic 51-5F in their ps/pd/ss/sd forms. */
const ARITH: Readonly<Record<string, string>> = {
  58: 'add',
  59: 'mul',
  '5c': 'sub',
  '5d': 'min',
  '5e': 'div',
  '5f': 'max',
};

function map1(): string {
  const lines = [
    '10: movups Vx,Wx | 66 movupd Vx,Wx | f3 movss VX,KX,Wd | f2 movsd VX,KX,Wq',
    '11: movups Wx,Vx | 66 movupd Wx,Vx | f3 movss Wd,KX,VX | f2 movsd Wq,KX,VX',
    '12r: movhlps VX,HX,UX | 66 movlpd VX,HX,Mq | f3 movsldup Vx,Wx | f2 movddup Vx,Wm',
    '12: movlps VX,HX,Mq | 66 movlpd VX,HX,Mq | f3 movsldup Vx,Wx | f2 movddup Vx,Wm',
    '13: movlps Mq,VX | 66 movlpd Mq,VX',
    '14: unpcklps Vx,Hx,Wx | 66 unpcklpd Vx,Hx,Wx',
    '15: unpckhps Vx,Hx,Wx | 66 unpckhpd Vx,Hx,Wx',
    '16r: movlhps VX,HX,UX | 66 movhpd VX,HX,Mq | f3 movshdup Vx,Wx',
    '16: movhps VX,HX,Mq | 66 movhpd VX,HX,Mq | f3 movshdup Vx,Wx',
    '17: movhps Mq,VX | 66 movhpd Mq,VX',
    '28: movaps Vx,Wx | 66 movapd Vx,Wx',
    '29: movaps Wx,Vx | 66 movapd Wx,Vx',
    '2a: !cvtpi2ps VX,Qq | 66 !cvtpi2pd VX,Qq | f3 cvtsi2ss VX,HX,Ey | f2 cvtsi2sd VX,HX,Ey',
    '2b: movntps Mx,Vx | 66 movntpd Mx,Vx',
    '2c: !cvttps2pi Pq,Wq | 66 !cvttpd2pi Pq,WX | f3 cvttss2si Gy,Wd | f2 cvttsd2si Gy,Wq',
    '2d: !cvtps2pi Pq,Wq | 66 !cvtpd2pi Pq,WX | f3 cvtss2si Gy,Wd | f2 cvtsd2si Gy,Wq',
    '2e: ucomiss VX,Wd | 66 ucomisd VX,Wq',
    '2f: comiss VX,Wd | 66 comisd VX,Wq',
    '50: movmskps Gd,Ux | 66 movmskpd Gd,Ux',
    '51: sqrtps Vx,Wx | 66 sqrtpd Vx,Wx | f3 sqrtss VX,HX,Wd | f2 sqrtsd VX,HX,Wq',
    '52: rsqrtps Vx,Wx | f3 rsqrtss VX,HX,Wd',
    '53: rcpps Vx,Wx | f3 rcpss VX,HX,Wd',
    '54: andps Vx,Hx,Wx | 66 andpd Vx,Hx,Wx',
    '55: andnps Vx,Hx,Wx | 66 andnpd Vx,Hx,Wx',
    '56: orps Vx,Hx,Wx | 66 orpd Vx,Hx,Wx',
    '57: xorps Vx,Hx,Wx | 66 xorpd Vx,Hx,Wx',
    '5a: cvtps2pd Vx,Wh | 66 cvtpd2ps VX,Wx | f3 cvtss2sd VX,HX,Wd | f2 cvtsd2ss VX,HX,Wq',
    '5b: cvtdq2ps Vx,Wx | 66 cvtps2dq Vx,Wx | f3 cvttps2dq Vx,Wx',
    '6c: 66 punpcklqdq Vx,Hx,Wx',
    '6d: 66 punpckhqdq Vx,Hx,Wx',
    '6e: !movd/movq Pq,Ey | 66 movd/movq VX,Ey',
    '6f: !movq Pq,Qq | 66 movdqa Vx,Wx | f3 movdqu Vx,Wx',
    '70: !pshufw Pq,Qq,I | 66 pshufd Vx,Wx,I | f3 pshufhw Vx,Wx,I | f2 pshuflw Vx,Wx,I',
    '71/2: !psrlw Nq,I | 66 psrlw Hx,Ux,I',
    '71/4: !psraw Nq,I | 66 psraw Hx,Ux,I',
    '71/6: !psllw Nq,I | 66 psllw Hx,Ux,I',
    '72/2: !psrld Nq,I | 66 psrld Hx,Ux,I',
    '72/4: !psrad Nq,I | 66 psrad Hx,Ux,I',
    '72/6: !pslld Nq,I | 66 pslld Hx,Ux,I',
    '73/2: !psrlq Nq,I | 66 psrlq Hx,Ux,I',
    '73/3: 66 psrldq Hx,Ux,I',
    '73/6: !psllq Nq,I | 66 psllq Hx,Ux,I',
    '73/7: 66 pslldq Hx,Ux,I',
    '7c: 66 haddpd Vx,Hx,Wx | f2 haddps Vx,Hx,Wx',
    '7d: 66 hsubpd Vx,Hx,Wx | f2 hsubps Vx,Hx,Wx',
    '7e: !movd/movq Ey,Pq | 66 movd/movq Ey,VX | f3 movq VX,Wq',
    '7f: !movq Qq,Pq | 66 movdqa Wx,Vx | f3 movdqu Wx,Vx',
    'c2: cmp%ps Vx,Hx,Wx,I | 66 cmp%pd Vx,Hx,Wx,I | f3 cmp%ss VX,HX,Wd,I | f2 cmp%sd VX,HX,Wq,I',
    'c4: !pinsrw Pq,Edw,I | 66 pinsrw VX,HX,Edw,I',
    'c5: !pextrw Gd,Nq,I | 66 pextrw Gd,UX,I',
    'c6: shufps Vx,Hx,Wx,I | 66 shufpd Vx,Hx,Wx,I',
    'd0: 66 addsubpd Vx,Hx,Wx | f2 addsubps Vx,Hx,Wx',
    'd6: 66 movq Wq,VX',
    'd7: !pmovmskb Gd,Nq | 66 pmovmskb Gd,Ux',
    'e6: 66 cvttpd2dq VX,Wx | f3 cvtdq2pd Vx,Wh | f2 cvtpd2dq VX,Wx',
    'e7: !movntq Mq,Pq | 66 movntdq Mx,Vx',
    'f0: f2 lddqu Vx,Mx',
    'f7: !maskmovq Pq,Nq | 66 maskmovdqu VX,UX',
  ];
  for (const [op, name] of Object.entries(ARITH)) {
    lines.push(`${op}: ${name}ps Vx,Hx,Wx | 66 ${name}pd Vx,Hx,Wx | f3 ${name}ss VX,HX,Wd | f2 ${name}sd VX,HX,Wq`);
  }
  for (const [op, name] of Object.entries(PACKED_INT)) lines.push(`${op}: !${name} Pq,Qq | 66 ${name} Vx,Hx,Wx`);
  for (const [op, name] of Object.entries(PACKED_SHIFT)) lines.push(`${op}: !${name} Pq,Qq | 66 ${name} Vx,Hx,WX`);
  return lines.join('\n');
}

const SSSE3: Readonly<Record<string, string>> = {
  '00': 'pshufb',
  '01': 'phaddw',
  '02': 'phaddd',
  '03': 'phaddsw',
  '04': 'pmaddubsw',
  '05': 'phsubw',
  '06': 'phsubd',
  '07': 'phsubsw',
  '08': 'psignb',
  '09': 'psignw',
  '0a': 'psignd',
  '0b': 'pmulhrsw',
};
const SSE4_BINARY: Readonly<Record<string, string>> = {
  28: 'pmuldq',
  29: 'pcmpeqq',
  '2b': 'packusdw',
  37: 'pcmpgtq',
  38: 'pminsb',
  39: 'pminsd',
  '3a': 'pminuw',
  '3b': 'pminud',
  '3c': 'pmaxsb',
  '3d': 'pmaxsd',
  '3e': 'pmaxuw',
  '3f': 'pmaxud',
  40: 'pmulld',
  dc: 'aesenc',
  dd: 'aesenclast',
  de: 'aesdec',
  df: 'aesdeclast',
};
/** pmovsx/pmovzx: source size per form (h half, f quarter, e eighth). */
const PMOVX: readonly [string, string][] = [
  ['bw', 'h'],
  ['bd', 'f'],
  ['bq', 'e'],
  ['wd', 'h'],
  ['wq', 'f'],
  ['dq', 'h'],
];

function map2(): string {
  const lines = [
    '10: 66 !pblendvb VX,WX,Z',
    '14: 66 !blendvps VX,WX,Z',
    '15: 66 !blendvpd VX,WX,Z',
    '17: 66 ptest Vx,Wx',
    '1c: !pabsb Pq,Qq | 66 pabsb Vx,Wx',
    '1d: !pabsw Pq,Qq | 66 pabsw Vx,Wx',
    '1e: !pabsd Pq,Qq | 66 pabsd Vx,Wx',
    '2a: 66 movntdqa Vx,Mx',
    '41: 66 phminposuw VX,WX',
    'c8: !sha1nexte VX,WX',
    'c9: !sha1msg1 VX,WX',
    'ca: !sha1msg2 VX,WX',
    'cb: !sha256rnds2 VX,WX,Z',
    'cc: !sha256msg1 VX,WX',
    'cd: !sha256msg2 VX,WX',
    'db: 66 aesimc VX,WX',
    'f6: 66 !adcx Gy,Ey | f3 !adox Gy,Ey',
  ];
  for (const [op, name] of Object.entries(SSSE3)) lines.push(`${op}: !${name} Pq,Qq | 66 ${name} Vx,Hx,Wx`);
  for (const [op, name] of Object.entries(SSE4_BINARY)) lines.push(`${op}: 66 ${name} Vx,Hx,Wx`);
  PMOVX.forEach(([suffix, size], k) => {
    lines.push(`${(0x20 + k).toString(16)}: 66 pmovsx${suffix} Vx,W${size}`, `${(0x30 + k).toString(16)}: 66 pmovzx${suffix} Vx,W${size}`);
  });
  return lines.join('\n');
}

const MAP3 = [
  '08: 66 roundps Vx,Wx,I',
  '09: 66 roundpd Vx,Wx,I',
  '0a: 66 roundss VX,HX,Wd,I',
  '0b: 66 roundsd VX,HX,Wq,I',
  '0c: 66 blendps Vx,Hx,Wx,I',
  '0d: 66 blendpd Vx,Hx,Wx,I',
  '0e: 66 pblendw Vx,Hx,Wx,I',
  '0f: !palignr Pq,Qq,I | 66 palignr Vx,Hx,Wx,I',
  '14: 66 pextrb Edb,VX,I',
  '15: 66 pextrw Edw,VX,I',
  '16: 66 pextrd/pextrq Ey,VX,I',
  '17: 66 extractps Ed,VX,I',
  '20: 66 pinsrb VX,HX,Edb,I',
  '21: 66 insertps VX,HX,Wd,I',
  '22: 66 pinsrd/pinsrq VX,HX,Ey,I',
  '40: 66 dpps Vx,Hx,Wx,I',
  '41: 66 dppd VX,HX,WX,I',
  '42: 66 mpsadbw Vx,Hx,Wx,I',
  '44: 66 pclmulqdq VX,HX,WX,I',
  '60: 66 pcmpestrm VX,WX,I',
  '61: 66 pcmpestri VX,WX,I',
  '62: 66 pcmpistrm VX,WX,I',
  '63: 66 pcmpistri VX,WX,I',
  'cc: !sha1rnds4 VX,WX,I',
  'df: 66 aeskeygenassist VX,WX,I',
].join('\n');

/** FMA: 96-9F, A6-AF, B6-BF with the 132, 213 and 231 operand orders. */
function fma(): string[] {
  const lines: string[] = [];
  const kinds = ['fmaddsub', 'fmsubadd', 'fmadd', 'fmadd', 'fmsub', 'fmsub', 'fnmadd', 'fnmadd', 'fnmsub', 'fnmsub'];
  for (const [base, order] of [
    [0x96, '132'],
    [0xa6, '213'],
    [0xb6, '231'],
  ] as const) {
    kinds.forEach((k, n) => {
      const op = (base + n).toString(16);
      const scalar = n >= 2 && n % 2 === 1;
      lines.push(scalar ? `${op}: 66 v${k}${order}ss/v${k}${order}sd VX,HX,Ws` : `${op}: 66 v${k}${order}ps/v${k}${order}pd Vx,Hx,Wx`);
    });
  }
  return lines;
}

const VEX1 = ['ae/2: vldmxcsr Md', 'ae/3: vstmxcsr Md'].join('\n');

/** AMD's FMA4 (0F3A 5C-5F, 68-6F, 78-7F): four operands, the last two swapped by VEX.W. */
function fma4(): string[] {
  const lines: string[] = [];
  const rows: [number, string[]][] = [
    [0x5c, ['fmaddsubps', 'fmaddsubpd', 'fmsubaddps', 'fmsubaddpd']],
    [0x68, ['fmaddps', 'fmaddpd', 'fmaddss', 'fmaddsd', 'fmsubps', 'fmsubpd', 'fmsubss', 'fmsubsd']],
    [0x78, ['fnmaddps', 'fnmaddpd', 'fnmaddss', 'fnmaddsd', 'fnmsubps', 'fnmsubpd', 'fnmsubss', 'fnmsubsd']],
  ];
  for (const [base, names] of rows) {
    names.forEach((n, k) => {
      const size = n.endsWith('ss') ? 'd' : n.endsWith('sd') ? 'q' : 'x';
      const v = size === 'x' ? 'x' : 'X';
      lines.push(`${(base + k).toString(16)}: 66 @v${n} V${v},H${v},W${size},L${v}`);
    });
  }
  return lines;
}

function vex2(): string {
  return [
    '0c: 66 vpermilps Vx,Hx,Wx',
    '0d: 66 vpermilpd Vx,Hx,Wx',
    '0e: 66 vtestps Vx,Wx',
    '0f: 66 vtestpd Vx,Wx',
    '13: 66 vcvtph2ps Vx,Wh',
    '16: 66 vpermps Vx,Hx,Wx',
    '18: 66 vbroadcastss Vx,Wd',
    '19: 66 vbroadcastsd Vx,Wq',
    '1a: 66 vbroadcastf128 Vx,MX',
    '2c: 66 vmaskmovps Vx,Hx,Mx',
    '2d: 66 vmaskmovpd Vx,Hx,Mx',
    '2e: 66 vmaskmovps Mx,Hx,Vx',
    '2f: 66 vmaskmovpd Mx,Hx,Vx',
    '36: 66 vpermd Vx,Hx,Wx',
    '45: 66 vpsrlvd/vpsrlvq Vx,Hx,Wx',
    '46: 66 vpsravd Vx,Hx,Wx',
    '47: 66 vpsllvd/vpsllvq Vx,Hx,Wx',
    '58: 66 vpbroadcastd Vx,Wd',
    '59: 66 vpbroadcastq Vx,Wq',
    '5a: 66 vbroadcasti128 Vx,MX',
    '78: 66 vpbroadcastb Vx,Wb',
    '79: 66 vpbroadcastw Vx,Ww',
    '8c: 66 vpmaskmovd/vpmaskmovq Vx,Hx,Mx',
    '8e: 66 vpmaskmovd/vpmaskmovq Mx,Hx,Vx',
    'f2: andn Gy,By,Ey',
    'f3/1: blsr By,Ey',
    'f3/2: blsmsk By,Ey',
    'f3/3: blsi By,Ey',
    'f5: bzhi Gy,Ey,By | f3 pext Gy,By,Ey | f2 pdep Gy,By,Ey',
    'f6: f2 mulx Gy,By,Ey',
    'f7: bextr Gy,Ey,By | 66 shlx Gy,Ey,By | f3 sarx Gy,Ey,By | f2 shrx Gy,Ey,By',
    ...fma(),
  ].join('\n');
}

const VEX3 = [
  '00: 66 vpermq Vx,Wx,I',
  '01: 66 vpermpd Vx,Wx,I',
  '02: 66 vpblendd Vx,Hx,Wx,I',
  '04: 66 vpermilps Vx,Wx,I',
  '05: 66 vpermilpd Vx,Wx,I',
  '06: 66 vperm2f128 Vx,Hx,Wx,I',
  '18: 66 vinsertf128 Vx,Hx,WX,I',
  '19: 66 vextractf128 WX,Vx,I',
  '1d: 66 vcvtps2ph Wh,Vx,I',
  '38: 66 vinserti128 Vx,Hx,WX,I',
  '39: 66 vextracti128 WX,Vx,I',
  '46: 66 vperm2i128 Vx,Hx,Wx,I',
  '4a: 66 vblendvps Vx,Hx,Wx,Lx',
  '4b: 66 vblendvpd Vx,Hx,Wx,Lx',
  '4c: 66 vpblendvb Vx,Hx,Wx,Lx',
  'f0: f2 rorx Gy,Ey,I',
  ...fma4(),
].join('\n');

/** Table text per opcode map: legacy (also VEX with a `v`) and VEX-only. */
export const LEGACY_TEXT: readonly string[] = ['', map1(), map2(), MAP3];
export const VEX_TEXT: readonly string[] = ['', VEX1, vex2(), VEX3];
