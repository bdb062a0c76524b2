/*
 * Replays saved fuzz inputs through a harness's LLVMFuzzerTestOneInput
 * without libFuzzer (built with gcc in the ordinary hosted build): each
 * argument is a file or a directory of files. An input that crashes ends
 * the process (abort, a signal, or a sanitizer report in the ASan build),
 * so the meson test fails; otherwise it prints how many inputs ran.
 */
/* strdup, opendir: POSIX, not C11 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libFuzzer's default -max_len is far above any harness's input; inputs
 * larger than this are refused rather than silently cut. */
#define REPLAY_MAX (1u << 20)

static unsigned long replayed;

static int replay_file(const char *path)
{
    static uint8_t buf[REPLAY_MAX + 1];
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    if (n > REPLAY_MAX) {
        fprintf(stderr, "replay: %s is larger than %u bytes\n", path,
                REPLAY_MAX);
        return -1;
    }
    /* a copy of exactly n bytes, so ASan sees reads past the input */
    uint8_t *copy = malloc(n ? n : 1);
    if (!copy) {
        return -1;
    }
    memcpy(copy, buf, n);
    if (getenv("BMX_FUZZ_VERBOSE")) {
        fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
    }
    LLVMFuzzerTestOneInput(copy, n);
    free(copy);
    replayed++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t count = 0, cap = 0;
    int rc = 0;

    if (!d) {
        fprintf(stderr, "replay: cannot open directory %s\n", dir);
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue; /* ., .. and hidden files such as .gitkeep */
        }
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof(*names));
            if (!names) {
                closedir(d);
                return -1;
            }
        }
        names[count++] = strdup(e->d_name);
    }
    closedir(d);
    /* a fixed order: a failure reproduces the same way */
    if (count) { /* an empty corpus (only .gitkeep): qsort(NULL) is UB */
        qsort(names, count, sizeof(*names), cmp_names);
    }
    for (size_t i = 0; i < count; i++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (rc == 0 && replay_file(path) < 0) {
            rc = -1;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s does not exist\n", argv[i]);
            return 1;
        }
        if ((S_ISDIR(st.st_mode) ? replay_dir(argv[i]) : replay_file(argv[i])) <
            0) {
            return 1;
        }
    }
    printf("replay: %lu inputs ran without a crash\n", replayed);
    /* a replay with nothing to run checks nothing */
    return replayed ? 0 : 1;
}
