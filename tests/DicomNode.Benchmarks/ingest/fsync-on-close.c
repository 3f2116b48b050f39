/*
 * fsync-on-close: an LD_PRELOAD shim that makes a receiver durable before it answers.
 *
 * DCMTK's storescp 3.6.7 writes each received instance and answers the C-STORE without fsync. With this
 * shim, closing any regular file opened for writing first fsyncs the file and then the folder holding it,
 * so the file and its name are on disk when close()/fclose() returns, before storescp sends its response.
 * That is the durability DicomNode promises ("success means on disk"), at the cost storescp would pay.
 *
 * Build: gcc -O2 -shared -fPIC -o fsync-on-close.so fsync-on-close.c -ldl
 * Use:   LD_PRELOAD=$PWD/fsync-on-close.so storescp ...
 * Written for DicomNode's ingest benchmark (compare-ingest.sh).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void sync_file_and_folder(int fd)
{
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY) return;
    fsync(fd);

    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return;
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    if (slash == NULL) return;
    if (slash == path) slash[1] = '\0'; else *slash = '\0';
    int dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        fsync(dir);
        static int (*real_close_dir)(int);
        if (!real_close_dir) real_close_dir = dlsym(RTLD_NEXT, "close");
        real_close_dir(dir);
    }
}

int close(int fd)
{
    static int (*real_close)(int);
    if (!real_close) real_close = dlsym(RTLD_NEXT, "close");
    sync_file_and_folder(fd);
    return real_close(fd);
}

int fclose(FILE *stream)
{
    static int (*real_fclose)(FILE *);
    if (!real_fclose) real_fclose = dlsym(RTLD_NEXT, "fclose");
    if (stream != NULL) {
        fflush(stream);
        sync_file_and_folder(fileno(stream));
    }
    return real_fclose(stream);
}
