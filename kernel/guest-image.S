/* A guest image linked into the firmware (meson -Dguest_image=FILE). It
 * lands in flash (section .guest_image in linker/common.ld) and the PC maps
 * it as its BIOS, executed in place. */
    .section .guest_image, "a"
    .balign 4096
    .global guest_image_start
    .global guest_image_end
guest_image_start:
    .incbin GUEST_IMAGE_PATH
guest_image_end:
