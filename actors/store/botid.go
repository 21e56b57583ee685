package store

// checkBot returns ErrBadBotID unless bot looks like a bot id: one to twenty
// digits. It is what keeps a token from ever being written as a key.
func checkBot(bot string) error {
	if bot == "" || len(bot) > 20 {
		return ErrBadBotID
	}
	for i := 0; i < len(bot); i++ {
		if bot[i] < '0' || bot[i] > '9' {
			return ErrBadBotID
		}
	}
	return nil
}
