"""Passwords too common to allow: the world's most used ones and Vietnamese habits (`123456a@`, `matkhau`,
`anhyeuem`, place and family names), compared without case or accents. Words shorter than 8 characters are here for
the stems they make with digits or symbols added (`matkhau2026`, `hung1234`, `vietnam@`).

Kept as Python so every function package carries it with its modules. Add words on their own line; order is free.
"""

WORDS = frozenset(
    """
123456 123456789 12345678 1234567890 12345 1234567 123123 111111 000000 1234 123 654321 666666 888888 999999
11111111 00000000 88888888 66666666 99999999 12341234 11223344 123321 112233 121212 123654 147258369 159753 147258
741852963 789456 789456123 963852741 987654321 0123456789 1234567899 1q2w3e4r 1q2w3e4r5t 1qaz2wsx qwerty qwerty123
qwertyuiop asdfgh asdfghjkl zxcvbnm zxcvbn qazwsx abc123 abcd1234 a123456 aa123456 123456a 123456aa 12345678a
a12345678 123456a@ 123456a@@ 123456@a 1234567a 123456789a 123abc 123qwe 1234qwer abcdef password password1
password123 passw0rd p@ssw0rd p@ssword admin admin123 administrator root toor user guest test test123 welcome
welcome1 letmein login master monkey dragon football baseball superman batman iloveyou iloveu sunshine princess
shadow trustno1 starwars whatever freedom hello hello123 secret changeme michael charlie jordan hunter killer access
flower lovely loveyou love123 family computer internet google samsung iphone nokia facebook zalo youtube matkhau
matkhau1 matkhau123 matkhaumoi matkhau@123 mk123456 anhyeuem emyeuanh anhyeuem123 yeuem yeuanh yeuemnhieu
anhyeuemnhieu emyeuanhnhieu toiyeuem iloveyou123 vietnam vietnam123 vietnam1 hanoi hanoi123 saigon hochiminh danang
haiphong nghean thanhhoa hue doimatkhau quenmatkhau khongbiet khongcopass khongco batdau xinchao chaoban tamthoi
taikhoan dangnhap hocvien hocso hocso123 hoctap hocsinh sinhvien giaovien canbo congchuc chuyendoiso chinhphu ubnd
xa123456 phuong123 tinh123 doanthanhnien conganxa vodoi vodich anhem banthan giadinh hanhphuc thanhcong maimai
tinhyeu emoi anhoi concung cuncon changtrai congai beyeu embe babe baby honey darling angel thienthan nguyen tran le
pham hoang huynh phan vu vo dang bui do ho ngo duong ly minh anh linh trang huong lan mai hoa thao ngoc hung tuan
dung long nam son hai quang thanh A1234567 Aa@123456 Abc@123 Abc@1234 Abc@12345 Abcd@1234 Admin@123 Admin@1234
Password@123 P@ssw0rd123 Qwerty@123 Vietnam@123 Hocso@123 123456Aa@ 123@123
    """.lower().split()
)
