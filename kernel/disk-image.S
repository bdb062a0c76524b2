/* A disk or CD image linked into the firmware (meson -Ddisk_image=FILE).
 * It lands in flash beside the guest image (linker/common.ld) and the
 * block layer reads it in place; writes go to the overlay. */
    .section .disk_image, "a"
    .balign 4096
    .global disk_image_start
    .global disk_image_end
disk_image_start:
    .incbin DISK_IMAGE_PATH
disk_image_end:
