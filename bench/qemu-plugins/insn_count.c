/*
 * insn_count: a QEMU 7.2 TCG plugin that counts the aarch64 instructions a guest program
 * executes, and among them the integer vector multiplies that int8 convolution kernels are
 * made of. bench/arm64-instructions.sh uses it as an ARM speed proxy; a count is not a time.
 *
 *   qemu-aarch64 -plugin insn_count.so,out=FILE PROGRAM ...
 *
 * writes one line to FILE when the program exits:
 *   total=N sdot=N smlal=N int8_mul=N
 *
 *   sdot      SDOT, vector and by element
 *   smlal     SMLAL and SMLAL2, vector and by element, any element size
 *   int8_mul  every vector instruction that multiplies 8-bit integer lanes: SDOT, UDOT,
 *             USDOT, SUDOT, SMMLA, UMMLA, USMMLA; SMULL, UMULL, SMLAL, UMLAL, SMLSL, UMLSL
 *             (and their "2" forms) on bytes; MUL, MLA, MLS on bytes
 *
 * With symbols=FILE as well, it also writes one line per function to FILE, most first:
 *   N NAME
 * the instructions executed in the translation blocks that start in that function (the
 * guest's symbol table; "?" where it has none). The per-function counts are not atomic: exact
 * for a program with one thread, approximate with several.
 *
 * Build against qemu-plugin.h of the QEMU that loads it (7.2 here; the API is versioned).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum { TOTAL, SDOT, SMLAL, INT8_MUL, CLASSES };
static const char *const names[CLASSES] = { "total", "sdot", "smlal", "int8_mul" };
static uint64_t counts[CLASSES];
static const char *out_path;

/* symbols=FILE: an open-addressing table keyed by the symbol string QEMU returns (the same
 * pointer for the same symbol), filled at translation, counted by inline adds. */
enum { FUNCTIONS = 1 << 16 };
typedef struct {
    const char *name;
    uint64_t instructions;
} function_count;
static function_count functions[FUNCTIONS];
static const char *symbols_path;

static function_count *function_of(const char *name)
{
    size_t slot = ((uintptr_t)name >> 3) & (FUNCTIONS - 1);
    for (size_t probes = 0; probes < FUNCTIONS; probes++, slot = (slot + 1) & (FUNCTIONS - 1)) {
        if (functions[slot].name == name || functions[slot].name == NULL) {
            functions[slot].name = name;
            return &functions[slot];
        }
    }
    return NULL; /* full: that function goes uncounted */
}

static int is(uint32_t insn, uint32_t mask, uint32_t value) { return (insn & mask) == value; }

/*
 * Masks and values from the A64 encodings (Arm ARM, Advanced SIMD "three same", "three same
 * (extra)", "three different" and "vector x indexed element"). Q (bit 30) is always free:
 * 64- and 128-bit forms count alike; the "2" forms are the Q=1 ones.
 */
static int is_sdot(uint32_t x)
{
    return is(x, 0xbfe0fc00, 0x0e809400)      /* SDOT Vd.<T>, Vn.<Tb>, Vm.<Tb> */
        || is(x, 0xbfc0f400, 0x0f80e000);     /* SDOT Vd.<T>, Vn.<Tb>, Vm.4B[i] */
}

static int is_smlal(uint32_t x)
{
    return is(x, 0xbf20fc00, 0x0e208000)      /* SMLAL{2} vector, size free */
        || is(x, 0xbf00f400, 0x0f002000);     /* SMLAL{2} by element, size free */
}

static int is_int8_mul(uint32_t x)
{
    return is(x, 0x9fe0fc00, 0x0e809400)      /* SDOT, UDOT vector (U free) */
        || is(x, 0x9fc0f400, 0x0f80e000)      /* SDOT, UDOT by element */
        || is(x, 0xbfe0fc00, 0x0e809c00)      /* USDOT vector */
        || is(x, 0xbf40f400, 0x0f00f000)      /* SUDOT (size 00), USDOT (size 10) by element */
        || is(x, 0xdfe0f400, 0x4e80a400)      /* SMMLA, UMMLA, USMMLA (bit 11) */
        || is(x, 0x9fe0fc00, 0x0e208000)      /* [SU]MLAL{2} from bytes (size 00) */
        || is(x, 0x9fe0fc00, 0x0e20a000)      /* [SU]MLSL{2} from bytes */
        || is(x, 0x9fe0fc00, 0x0e20c000)      /* [SU]MULL{2} from bytes */
        || is(x, 0x9fe0fc00, 0x0e209400)      /* MLA (U=0), MLS (U=1) on bytes */
        || is(x, 0xbfe0fc00, 0x0e209c00);     /* MUL on bytes (U=1 would be PMUL) */
}

/*
 * A translation block's counts travel in its callback's userdata pointer, 16 bits per class
 * (a block holds at most 512 instructions): nothing is allocated per translation, and blocks
 * are translated again after every flush.
 */
static void tb_exec(unsigned int vcpu_index, void *userdata)
{
    uint64_t packed = (uintptr_t)userdata;
    (void)vcpu_index;
    for (int c = 0; c < CLASSES; c++) {
        /* Atomic because each guest thread runs on its own host thread under qemu-user. */
        __atomic_fetch_add(&counts[c], (packed >> (16 * c)) & 0xffff, __ATOMIC_RELAXED);
    }
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    uint64_t n[CLASSES] = { 0 };
    size_t insns = qemu_plugin_tb_n_insns(tb);
    (void)id;
    for (size_t i = 0; i < insns; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint32_t x = 0;
        /* A64 instructions are 4 bytes, little-endian, as is the x86-64 host. */
        memcpy(&x, qemu_plugin_insn_data(insn), sizeof x);
        n[TOTAL] += 1;
        n[SDOT] += is_sdot(x);
        n[SMLAL] += is_smlal(x);
        n[INT8_MUL] += is_int8_mul(x);
    }
    uint64_t packed = 0;
    for (int c = 0; c < CLASSES; c++) {
        packed |= n[c] << (16 * c);
    }
    qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS,
                                         (void *)(uintptr_t)packed);
    if (symbols_path != NULL && insns > 0) {
        const char *name = qemu_plugin_insn_symbol(qemu_plugin_tb_get_insn(tb, 0));
        function_count *f = function_of(name ? name : "?");
        if (f != NULL) {
            qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &f->instructions, insns);
        }
    }
}

static int by_count(const void *a, const void *b)
{
    const function_count *x = a, *y = b;
    return (x->instructions < y->instructions) - (x->instructions > y->instructions);
}

static void write_functions(void)
{
    FILE *f = fopen(symbols_path, "w");
    if (f == NULL) {
        perror(symbols_path);
        return;
    }
    qsort(functions, FUNCTIONS, sizeof functions[0], by_count);
    for (size_t i = 0; i < FUNCTIONS && functions[i].instructions > 0; i++) {
        fprintf(f, "%llu %s\n", (unsigned long long)functions[i].instructions, functions[i].name);
    }
    fclose(f);
}

static void at_exit(qemu_plugin_id_t id, void *userdata)
{
    (void)id;
    (void)userdata;
    FILE *f = fopen(out_path, "w");
    if (f == NULL) {
        perror(out_path);
        return;
    }
    for (int c = 0; c < CLASSES; c++) {
        fprintf(f, "%s%s=%llu", c ? " " : "", names[c], (unsigned long long)counts[c]);
    }
    fputc('\n', f);
    fclose(f);
    if (symbols_path != NULL) {
        write_functions();
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "out=", 4) == 0) {
            out_path = argv[i] + 4;
        } else if (strncmp(argv[i], "symbols=", 8) == 0) {
            symbols_path = argv[i] + 8;
        }
    }
    if (out_path == NULL || strcmp(info->target_name, "aarch64") != 0) {
        fprintf(stderr, "insn_count: needs out=FILE and an aarch64 guest\n");
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
