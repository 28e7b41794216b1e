import KetcdCommand

await KetcdMain.run()
